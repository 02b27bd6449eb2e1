import type { Metadata } from "next";
import { Suspense } from "react";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { getReleaseOverview } from "@/lib/server/queries/releases";
import { BugReleaseMatrix, HostsPerRelease, ReleaseTree } from "./panels";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

export default async function ReleasesPage() {
  // The overview decides between the page and its empty state; the tree and matrix reuse it (cache()).
  const overview = await getReleaseOverview();
  if (overview.majors.length === 0 && overview.otherPanics === 0) {
    return (
      <>
        <PageHeader title="Releases" description="Panics by RHEL major, minor release and kernel." />
        <section className="panel">
          <EmptyState title="No panics yet">
            <UploadHint />
          </EmptyState>
        </section>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Releases"
        description={`Panics by RHEL major → minor release → kernel release${overview.otherPanics ? ` · ${formatCount(overview.otherPanics)} panics on non-RHEL kernels` : ""}`}
      />
      <Panel id="tree" title="Panics by release">
        <ReleaseTree />
      </Panel>
      <Panel id="matrix" title="Bugs × releases">
        <p className="muted">Panics per known bug and RHEL minor release; darker is more.</p>
        <BugReleaseMatrix />
      </Panel>
      <Panel id="hosts" title="Hosts per release">
        <p className="muted">By each host&apos;s current kernel.</p>
        <Suspense fallback={<Skeleton height={300} />}>
          <HostsPerRelease />
        </Suspense>
      </Panel>
    </>
  );
}
