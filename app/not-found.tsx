import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <section className="panel">
      <EmptyState title="Not found">
        <p>
          No host, bug or panic by that name is stored. Look it up on <Link href="/hosts">Hosts</Link> or{" "}
          <Link href="/bugs">Bugs</Link>, or <Link href="/upload">upload</Link> its crash summary.
        </p>
      </EmptyState>
    </section>
  );
}
