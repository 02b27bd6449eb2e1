import Link from "next/link";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { KernelTimeline } from "@/components/kernel-timeline";
import { candidateKernelCell } from "@/components/fix-candidates";
import { RecordTable } from "@/components/tables/record-table";
import { bugHref, panicHref } from "@/components/ui/links";
import { listBestFixesForPanics } from "@/lib/server/queries/fixes";
import { Pager } from "@/components/ui/pager";
import {
  countHostPanicsByWeek,
  getBugTitles,
  getHost,
  listHostKernels,
  listPanicsByHost,
} from "@/lib/server/queries/hosts";

/** The host page's panels; the page has already found the host (getHost is cached per request). */

type Host = NonNullable<Awaited<ReturnType<typeof getHost>>>;

const HOST_PANICS_PAGE_SIZE = 50;

function BugList({ ids, titles }: { ids: string[]; titles: Map<string, string> }) {
  if (ids.length === 0) return <span className="muted">none</span>;
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>
          <Link href={bugHref(id)}>{titles.get(id) ?? id}</Link> <span className="muted mono">{id}</span>
        </li>
      ))}
    </ul>
  );
}

/** The update verdict's details: the target kernel and the bugs behind it. */
export async function UpdateDetails({ host }: { host: Host }) {
  const titles = await getBugTitles([...host.openBugIds, ...host.exposureBugIds, ...host.blockerBugIds]);
  if (host.needsUpdate) {
    return (
      <dl className="fields">
        <dt>Update to</dt>
        <dd className="mono">{host.targetKernel ?? "no fixed kernel is known for every bug"}</dd>
        <dt>Bugs it panicked on</dt>
        <dd>
          <BugList ids={host.openBugIds} titles={titles} />
        </dd>
        <dt>Also exposed to</dt>
        <dd>
          <BugList ids={host.exposureBugIds} titles={titles} />
        </dd>
        {host.hardeningKernel && host.hardeningKernel !== host.targetKernel ? (
          <>
            <dt>Closes the exposures too</dt>
            <dd className="mono">{host.hardeningKernel}</dd>
          </>
        ) : null}
        {host.blockerBugIds.length ? (
          <>
            <dt>No fix in its stream</dt>
            <dd>
              <BugList ids={host.blockerBugIds} titles={titles} />
            </dd>
          </>
        ) : null}
      </dl>
    );
  }
  return (
    <>
      <p>
        {host.currentKernel
          ? `Its current kernel ${host.currentKernel} has the fix of every known bug it panicked on.`
          : "The host has not reported a kernel yet."}
      </p>
      {host.exposureBugIds.length ? (
        <dl className="fields">
          <dt>Still exposed to</dt>
          <dd>
            <BugList ids={host.exposureBugIds} titles={titles} />
          </dd>
          {host.hardeningKernel ? (
            <>
              <dt>Kernel that closes them</dt>
              <dd className="mono">{host.hardeningKernel}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </>
  );
}

export async function HostKernels({ hostId }: { hostId: number }) {
  const kernels = await listHostKernels(hostId);
  return (
    <KernelTimeline
      kernels={kernels.map((k) => ({
        kernelRelease: k.kernelRelease,
        firstSeenAt: k.firstSeenAt.toISOString(),
        lastSeenAt: k.lastSeenAt.toISOString(),
        source: k.source,
      }))}
    />
  );
}

export async function HostPanicsPerWeek({ hostId }: { hostId: number }) {
  const weeks = await countHostPanicsByWeek(hostId);
  if (weeks.length === 0) return <p className="muted">No panic in the last 12 months.</p>;
  return (
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
  );
}

export async function HostPanics({ host, page }: { host: Host; page: number }) {
  const panics = await listPanicsByHost(host.id, page, HOST_PANICS_PAGE_SIZE);
  const [titles, fixes] = await Promise.all([
    getBugTitles(panics.map((p) => p.knownBugId).filter((b): b is string => b !== null)),
    listBestFixesForPanics(panics.filter((p) => p.knownBugId === null).map((p) => p.id)),
  ]);
  return (
    <>
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
            { id: "fix", header: "Candidate kernel" },
          ]}
          rows={panics.map((p) => ({
            key: p.id,
            crashed: p.crashTime.toISOString(),
            title: { text: p.title ?? "unrecognized crash", href: panicHref(p.id) },
            kernel: p.kernelRelease,
            bug: p.knownBugId
              ? { text: titles.get(p.knownBugId) ?? p.knownBugId, href: bugHref(p.knownBugId) }
              : { badge: "unmatched", tone: "muted" },
            fix: candidateKernelCell(fixes.get(p.id)),
          }))}
        />
      )}
      <Pager page={page} pageSize={HOST_PANICS_PAGE_SIZE} total={host.panicCount} />
    </>
  );
}
