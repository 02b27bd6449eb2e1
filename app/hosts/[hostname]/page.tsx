import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { formatCount, formatTime } from "@/components/ui/format";
import { Legend } from "@/components/ui/legend";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { decodeRouteParam, pageParamSchema } from "@/lib/schemas/common";
import { getHost } from "@/lib/server/queries/hosts";
import { HostKernels, HostPanics, HostPanicsPerWeek, UpdateDetails } from "./panels";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ hostname: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeRouteParam((await params).hostname) };
}

export default async function HostPage({ params, searchParams }: Props) {
  const host = await getHost(decodeRouteParam((await params).hostname));
  if (!host) notFound();
  const page = pageParamSchema.parse((await searchParams).page);
  return (
    <>
      <PageHeader
        title={host.hostname}
        description={
          <>
            Current kernel <span className="mono">{host.currentKernel ?? "unknown"}</span>
            {host.rhelRelease ? ` (RHEL ${host.rhelRelease})` : ""} · {formatCount(host.panicCount)} panics · last{" "}
            {formatTime(host.lastPanicAt)}
          </>
        }
      />
      <Panel
        id="update"
        title={host.needsUpdate ? "Needs a kernel update" : "No kernel update needed"}
        className={host.needsUpdate ? "card-danger" : "card-ok"}
        testId="update-card"
      >
        <Suspense fallback={<Skeleton height={120} />}>
          <UpdateDetails host={host} />
        </Suspense>
      </Panel>
      <div className="grid grid-2">
        <Panel id="kernels" title="Kernels seen over time">
          <Legend
            items={[
              { color: "var(--link)", label: "from panics" },
              { color: "var(--ok)", label: "inventory report" },
            ]}
          />
          <Suspense fallback={<Skeleton height={120} />}>
            <HostKernels hostId={host.id} />
          </Suspense>
        </Panel>
        <Panel id="timeline" title="Panics per week, last 12 months">
          <Suspense fallback={<Skeleton height={220} />}>
            <HostPanicsPerWeek hostId={host.id} />
          </Suspense>
        </Panel>
      </div>
      <Panel id="panics" title="Panics">
        <Suspense fallback={<Skeleton height={600} />}>
          <HostPanics host={host} page={page} />
        </Suspense>
      </Panel>
    </>
  );
}
