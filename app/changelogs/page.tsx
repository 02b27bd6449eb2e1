import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { ChangelogStreams } from "./panels";

export const metadata: Metadata = { title: "Kernel changelogs" };
export const dynamic = "force-dynamic";

export default async function ChangelogsPage() {
  return (
    <>
      <PageHeader
        title="Kernel changelogs"
        description="The RHEL kernel changelogs searched for the build that fixes a crash: bundled with panicboard, plus the builds hosts and the command line imported."
      />
      <Panel id="streams" title="Streams">
        <p className="muted">
          Hosts running <code>panicboard-report.sh</code> send the changelog of each installed kernel whose build is not
          known yet (<code>POST /api/changelogs</code>).
        </p>
        <Suspense fallback={<Skeleton height={260} label="Loading changelogs" />}>
          <ChangelogStreams />
        </Suspense>
      </Panel>
    </>
  );
}
