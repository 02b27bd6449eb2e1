import type { Metadata } from "next";
import { Legend } from "@/components/ui/legend";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { KernelTimeline } from "@/components/kernel-timeline";
import { RecordTable } from "@/components/tables/record-table";
import { formatCount, formatTime } from "@/components/ui/format";
import { bugHref, panicHref } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { pageParamSchema, decodeRouteParam } from "@/lib/schemas/common";
import { countHostPanicsByWeek, getBugTitles, getHost, listPanicsByHost } from "@/lib/server/queries/hosts";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ hostname: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PAGE_SIZE = 50;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeRouteParam((await params).hostname) };
}

export default async function HostPage({ params, searchParams }: Props) {
  const hostname = decodeRouteParam((await params).hostname);
  const page = pageParamSchema.parse((await searchParams).page);
  const host = await getHost(hostname);
  if (!host) notFound();
  const [panics, weeks] = await Promise.all([
    listPanicsByHost(host.id, page, PAGE_SIZE),
    countHostPanicsByWeek(host.id),
  ]);
  const bugIds = [
    ...host.openBugIds,
    ...host.exposureBugIds,
    ...host.blockerBugIds,
    ...panics.map((p) => p.knownBugId).filter((b): b is string => b !== null),
  ];
  const titles = await getBugTitles(bugIds);
  const bugList = (ids: string[]) =>
    ids.length === 0 ? (
      <span className="muted">none</span>
    ) : (
      <ul>
        {ids.map((id) => (
          <li key={id}>
            <Link href={bugHref(id)}>{titles.get(id) ?? id}</Link> <span className="muted mono">{id}</span>
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{host.hostname}</h1>
          <p>
            Current kernel <span className="mono">{host.currentKernel ?? "unknown"}</span>
            {host.rhelRelease ? ` (RHEL ${host.rhelRelease})` : ""} · {formatCount(host.panicCount)} panics · last{" "}
            {formatTime(host.lastPanicAt)}
          </p>
        </div>
      </div>
      <section
        className={`panel ${host.needsUpdate ? "card-danger" : "card-ok"}`}
        aria-labelledby="update-heading"
        data-testid="update-card"
      >
        <h2 id="update-heading">{host.needsUpdate ? "Needs a kernel update" : "No kernel update needed"}</h2>
        {host.needsUpdate ? (
          <dl className="fields">
            <dt>Update to</dt>
            <dd className="mono">{host.targetKernel ?? "no fixed kernel is known for every bug"}</dd>
            <dt>Bugs it panicked on</dt>
            <dd>{bugList(host.openBugIds)}</dd>
            <dt>Also exposed to</dt>
            <dd>{bugList(host.exposureBugIds)}</dd>
            {host.hardeningKernel && host.hardeningKernel !== host.targetKernel ? (
              <>
                <dt>Closes the exposures too</dt>
                <dd className="mono">{host.hardeningKernel}</dd>
              </>
            ) : null}
            {host.blockerBugIds.length ? (
              <>
                <dt>No fix in its stream</dt>
                <dd>{bugList(host.blockerBugIds)}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <>
            <p>
              {host.currentKernel
                ? `Its current kernel ${host.currentKernel} has the fix of every known bug it panicked on.`
                : "The host has not reported a kernel yet."}
            </p>
            {host.exposureBugIds.length ? (
              <dl className="fields">
                <dt>Still exposed to</dt>
                <dd>{bugList(host.exposureBugIds)}</dd>
                {host.hardeningKernel ? (
                  <>
                    <dt>Kernel that closes them</dt>
                    <dd className="mono">{host.hardeningKernel}</dd>
                  </>
                ) : null}
              </dl>
            ) : null}
          </>
        )}
      </section>
      <div className="grid grid-2">
        <section className="panel" aria-labelledby="kernels-heading">
          <h2 id="kernels-heading">Kernels seen over time</h2>
          <Legend
            items={[
              { color: "var(--link)", label: "from panics" },
              { color: "var(--ok)", label: "inventory report" },
            ]}
          />
          <KernelTimeline
            kernels={host.kernels.map((k) => ({
              kernelRelease: k.kernelRelease,
              firstSeenAt: k.firstSeenAt.toISOString(),
              lastSeenAt: k.lastSeenAt.toISOString(),
              source: k.source,
            }))}
          />
        </section>
        <section className="panel" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Panics per week, last 12 months</h2>
          {weeks.length ? (
            <StackedBarChart
              data={weeks}
              series={[
                { key: "matched", label: "known bug" },
                { key: "unmatched", label: "unmatched" },
              ]}
              xKey="week"
              xLabel="Week"
              height={220}
              label="Panics of this host per week"
            />
          ) : (
            <p className="muted">No panic in the last 12 months.</p>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="panics-heading">
        <h2 id="panics-heading">Panics</h2>
        {panics.length === 0 ? (
          <p className="muted">This host has reported its kernel but no panic.</p>
        ) : (
          <RecordTable
            caption="Panics of this host"
            columns={[
              { id: "crashed", header: "Crashed", kind: "time" },
              { id: "title", header: "Title" },
              { id: "kernel", header: "Kernel", kind: "mono" },
              { id: "bug", header: "Known bug" },
            ]}
            rows={panics.map((p) => ({
              key: p.id,
              crashed: p.crashTime.toISOString(),
              title: { text: p.title ?? "unrecognized crash", href: panicHref(p.id) },
              kernel: p.kernelRelease,
              bug: p.knownBugId
                ? { text: titles.get(p.knownBugId) ?? p.knownBugId, href: bugHref(p.knownBugId) }
                : { badge: "unmatched", tone: "muted" },
            }))}
          />
        )}
        <Pager
          basePath={`/hosts/${encodeURIComponent(host.hostname)}`}
          params={{}}
          page={page}
          pageSize={PAGE_SIZE}
          total={host.panicCount}
        />
      </section>
    </>
  );
}
