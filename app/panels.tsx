import Link from "next/link";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { bestFixCell } from "@/components/fix-candidates";
import { RecordTable } from "@/components/tables/record-table";
import { formatCount } from "@/components/ui/format";
import {
  bugHref,
  hostHref,
  hostsHref,
  newBugHref,
  panicHref,
  unmatchedSignaturesHref,
  updatesHref,
} from "@/components/ui/links";
import { listBestFixesForSignatures } from "@/lib/server/queries/fixes";
import {
  countOverview,
  countPanicsOverTime,
  listLatestPanics,
  listTopBugs,
  listTopKernels,
  listTopUnmatchedSignatures,
} from "@/lib/server/queries/overview";

/** The Overview's panels, each an async server component with its own query (rendered in `<Suspense>`). */

export async function HeadlineFigures() {
  const counts = await countOverview();
  const stats = [
    { label: "Panics, last 24 h", value: counts.panics24h },
    { label: "Panics, last 7 days", value: counts.panics7d },
    { label: "Panics, last 30 days", value: counts.panics30d },
    { label: "Hosts affected, 30 days", value: counts.hostsAffected30d, href: hostsHref({ sort: "lastPanic" }) },
    {
      label: "Hosts needing an update",
      value: counts.hostsNeedingUpdate,
      href: updatesHref(),
      alert: counts.hostsNeedingUpdate > 0,
    },
    { label: "Unmatched signatures", value: counts.unmatchedSignatures, href: unmatchedSignaturesHref() },
  ];
  return (
    <section className="grid grid-4" aria-label="Headline figures" style={{ marginBottom: "1.25rem" }}>
      {stats.map((s) => (
        <div className={s.alert ? "stat alert" : "stat"} key={s.label}>
          <div className="label">{s.label}</div>
          <div className="value">
            {s.href ? <Link href={s.href}>{formatCount(s.value)}</Link> : formatCount(s.value)}
          </div>
        </div>
      ))}
    </section>
  );
}

export async function PanicsOverTime() {
  const { series, weeks } = await countPanicsOverTime();
  return (
    <StackedBarChart
      data={weeks}
      series={series}
      xKey="week"
      xLabel="Week"
      height={300}
      label="Panics per week over the last 12 months, stacked by known bug"
    />
  );
}

export async function TopBugs() {
  const [bugs, signatures] = await Promise.all([listTopBugs(), listTopUnmatchedSignatures()]);
  const fixes = await listBestFixesForSignatures(signatures.map((s) => s.id));
  return (
    <>
      {bugs.length === 0 ? (
        <p className="muted">No panic of the last 30 days matches a known bug.</p>
      ) : (
        <RecordTable
          caption="Top bugs, last 30 days"
          columns={[
            { id: "bug", header: "Bug" },
            { id: "panics", header: "Panics", kind: "num" },
            { id: "hosts", header: "Hosts", kind: "num" },
          ]}
          rows={bugs.map((b) => ({
            key: b.id,
            bug: { text: b.title, href: bugHref(b.id) },
            panics: b.panics,
            hosts: b.hosts,
          }))}
        />
      )}
      {signatures.length ? (
        <>
          <h3>Unmatched signatures seen in the last 30 days</h3>
          <RecordTable
            caption="Unmatched signatures seen in the last 30 days"
            columns={[
              { id: "title", header: "Signature" },
              { id: "panics", header: "Panics", kind: "num" },
              { id: "hosts", header: "Hosts", kind: "num" },
              { id: "fix", header: "Possible fix" },
            ]}
            rows={signatures.map((s) => ({
              key: String(s.id),
              title: { text: s.title, href: newBugHref(s.id) },
              panics: s.panics,
              hosts: s.hosts,
              fix: bestFixCell(fixes.get(s.id)),
            }))}
          />
        </>
      ) : null}
    </>
  );
}

export async function TopKernels() {
  const kernels = await listTopKernels();
  if (kernels.length === 0) return <p className="muted">No panic in the last 30 days.</p>;
  return (
    <RecordTable
      caption="Top kernel releases, last 30 days"
      columns={[
        { id: "kernel", header: "Kernel", kind: "mono" },
        { id: "release", header: "RHEL" },
        { id: "panics", header: "Panics", kind: "num" },
        { id: "hosts", header: "Hosts", kind: "num" },
      ]}
      rows={kernels.map((k) => ({
        key: k.kernelRelease,
        kernel: { text: k.kernelRelease, href: hostsHref({ kernel: k.kernelRelease }), mono: true },
        release: k.rhelRelease,
        panics: k.panics,
        hosts: k.hosts,
      }))}
    />
  );
}

export async function LatestPanics() {
  const latest = await listLatestPanics(10);
  return (
    <RecordTable
      caption="Latest panics"
      columns={[
        { id: "crashed", header: "Crashed", kind: "time" },
        { id: "host", header: "Host" },
        { id: "title", header: "Title" },
        { id: "kernel", header: "Kernel", kind: "mono" },
        { id: "bug", header: "Known bug" },
      ]}
      rows={latest.map((p) => ({
        key: p.id,
        crashed: p.crashTime.toISOString(),
        host: { text: p.hostname, href: hostHref(p.hostname), nowrap: true },
        title: { text: p.title ?? "unrecognized crash", href: panicHref(p.id) },
        kernel: p.kernelRelease,
        bug: p.bugId
          ? { text: shorten(p.bugTitle ?? p.bugId), href: bugHref(p.bugId) }
          : { badge: "unmatched", tone: "muted" },
      }))}
    />
  );
}

function shorten(text: string, max = 44): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
