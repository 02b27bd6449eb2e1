import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { loadEnv } from "@/lib/env";
import { getSignedInWriter } from "@/lib/server/session-actions";
import { signInAction, signOutAction } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const env = loadEnv();
  const writer = await getSignedInWriter();
  const raw = (await searchParams).next;
  const next = typeof raw === "string" && raw.startsWith("/") && !raw.startsWith("//") ? raw : "/";
  return (
    <>
      <PageHeader
        title="Sign in"
        description="Reading is open to whoever may see the dashboard; uploading and changing known bugs need an API token. The browser keeps a session cookie for 12 hours, never the token."
      />
      <section className="panel">
        {writer.name ? (
          <form action={signOutAction}>
            <p>
              Signed in as <strong data-testid="signed-in-as">{writer.name}</strong>.{" "}
              <button type="submit" className="secondary">
                Sign out
              </button>
            </p>
          </form>
        ) : null}
        {writer.openWrites ? (
          <p className="notice">
            Writes are open to anyone here (PANICBOARD_WRITE_AUTH=none): signing in only names you in the History.
          </p>
        ) : null}
        <SignInForm action={signInAction} next={next} basic={env.PANICBOARD_READ_AUTH === "basic"} />
      </section>
    </>
  );
}
