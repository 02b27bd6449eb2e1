import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { bugsHref, hostsHref, uploadHref } from "@/components/ui/links";

export default function NotFound() {
  return (
    <section className="panel">
      <EmptyState title="Not found">
        <p>
          No host, bug or panic by that name is stored. Look it up on <Link href={hostsHref()}>Hosts</Link> or{" "}
          <Link href={bugsHref()}>Bugs</Link>, or <Link href={uploadHref()}>upload</Link> its crash summary.
        </p>
      </EmptyState>
    </section>
  );
}
