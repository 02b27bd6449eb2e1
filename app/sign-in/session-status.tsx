import Link from "next/link";
import styles from "./session-status.module.css";
import { getSignedInWriter } from "@/lib/server/session-actions";
import { signOutAction } from "./actions";

/** The header's corner: who is signed in (with Sign out), or a Sign in link; open writes say so. */
export async function SessionStatus() {
  const { name, openWrites } = await getSignedInWriter();
  if (name) {
    return (
      <form action={signOutAction} className={styles.status}>
        <span>
          Signed in as <strong data-testid="header-signed-in-as">{name}</strong>
        </span>{" "}
        <button type="submit" className="secondary">
          Sign out
        </button>
      </form>
    );
  }
  return (
    <div className={styles.status}>
      {openWrites ? <span title="PANICBOARD_WRITE_AUTH=none">Writes open to anyone</span> : null}{" "}
      <Link href="/sign-in">Sign in</Link>
    </div>
  );
}
