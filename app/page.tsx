import type { Metadata } from "next";
import { Suspense } from "react";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCountOf } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { countOverview } from "@/lib/server/queries/overview";
import { HeadlineFigures, LatestPanics, PanicsOverTime, TopBugs, TopKernels } from "./panels";

export const metadata: Metadata = { title: { absolute: "Overview · panicboard" } };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  // One cheap count decides between the dashboard and the empty state; the panels reuse it (cache()).
  const counts = await countOverview();
  if (counts.panicsTotal === 0 && counts.hostsTotal === 0) {
    return (
      <>
        <PageHeader
          title="Overview"
          description="Kernel panics across your fleet, grouped by bug and kernel release."
        />
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
        title="Overview"
        description={`${formatCountOf(counts.panicsTotal, "panic")} from ${formatCountOf(counts.hostsTotal, "host")}`}
      />
      <HeadlineFigures />
      <Panel id="time" title="Panics per week, last 12 months">
        <Suspense fallback={<Skeleton height={300} />}>
          <PanicsOverTime />
        </Suspense>
      </Panel>
      <div className="grid grid-2">
        <Panel id="bugs" title="Top bugs, last 30 days">
          <Suspense fallback={<Skeleton height={300} />}>
            <TopBugs />
          </Suspense>
        </Panel>
        <Panel id="kernels" title="Top kernel releases, last 30 days">
          <Suspense fallback={<Skeleton height={300} />}>
            <TopKernels />
          </Suspense>
        </Panel>
      </div>
      <Panel id="latest" title="Latest panics">
        <Suspense fallback={<Skeleton height={420} />}>
          <LatestPanics />
        </Suspense>
      </Panel>
    </>
  );
}
