import type { Metadata } from "next";
import { Suspense } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { ChangelogStreams } from "./panels";

export const metadata: Metadata = { title: "Kernel changelogs" };
export const dynamic = "force-dynamic";

// The markup of components/ui/page-header.tsx and panel.tsx, which are not committed yet: switch to
// <PageHeader> and <Panel id="streams"> once they are.
export default async function ChangelogsPage() {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Kernel changelogs</h1>
          <p>
            The RHEL kernel changelogs searched for the build that fixes a crash: bundled with panicboard, plus the
            builds hosts and the command line imported.
          </p>
        </div>
      </div>
      <section className="panel" aria-labelledby="streams-heading">
        <h2 id="streams-heading">Streams</h2>
        <p className="muted">
          Hosts running <code>panicboard-report.sh</code> send the changelog of each installed kernel whose build is not
          known yet (<code>POST /api/changelogs</code>).
        </p>
        <Suspense fallback={<Skeleton height={260} label="Loading changelogs" />}>
          <ChangelogStreams />
        </Suspense>
      </section>
    </>
  );
}
