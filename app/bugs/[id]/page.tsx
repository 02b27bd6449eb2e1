import type { Metadata } from "next";
import { decodeRouteParam } from "@/lib/schemas/common";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { RawText } from "@/components/raw-text";
import { RecordTable, type Cell } from "@/components/tables/record-table";
import { formatCount, formatCountOf, formatTime } from "@/components/ui/format";
import { hostHref, panicHref, withQuery } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { fixStatusOf, type KnownBug } from "@/lib/kb";
import { bugPageSearchSchema } from "@/lib/schemas/dashboard";
import { getBugStats, getKnownBug, getLatestPanicOfBug, listBugHosts } from "@/lib/server/queries/bugs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 25;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const bug = await getKnownBug(decodeRouteParam((await params).id));
  return { title: bug ? bug.title : "Unknown bug" };
}

function fixCell(bug: KnownBug | null, kernel: string | null): Cell {
  if (!bug || !kernel) return { badge: "unknown", tone: "muted" };
  const fix = fixStatusOf(bug, kernel);
  switch (fix.status) {
    case "fixed":
      return { badge: "past the fix", tone: "ok" };
    case "affected":
      return { badge: fix.minimalFix ? `needs ${fix.minimalFix}` : "affected", tone: "danger" };
    case "no-fix-in-stream":
      return { badge: "no fix in stream", tone: "warn" };
    case "not-affected":
      return { badge: "not affected", tone: "ok" };
    default:
      return { badge: "stream unknown", tone: "muted" };
  }
}

export default async function BugPage({ params, searchParams }: Props) {
  const id = decodeRouteParam((await params).id);
  const query = await searchParams;
  const { page } = bugPageSearchSchema.parse(query);
  const bug = await getKnownBug(id);
  if (!bug) notFound();
  const [stats, hosts, sample] = await Promise.all([
    getBugStats(id),
    listBugHosts(id, page, PAGE_SIZE),
    getLatestPanicOfBug(id),
  ]);
  const def = bug.definition;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{bug.title}</h1>
          <p>
            <span className="mono">{bug.id}</span> · {bug.origin === "user" ? "created in the dashboard" : "catalogue"}
            {def ? ` · ${def.confidence}` : ""} · {formatCountOf(stats.panics, "panic")} on{" "}
            {formatCountOf(stats.hosts, "host")} · first {formatTime(stats.firstSeenAt)} · last{" "}
            {formatTime(stats.lastSeenAt)}
          </p>
        </div>
        <Link className="button secondary" href={withQuery("/updates", { bug: bug.id })}>
          Hosts to update
        </Link>
      </div>
      {query.created ? (
        <p className="result badge-ok" role="status">
          Known bug created; the stored panics were re-matched ({formatCount(stats.panics)} now match it).
        </p>
      ) : null}
      <div className="grid grid-2">
        <section className="panel" aria-labelledby="about-heading">
          <h2 id="about-heading">Description</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>{bug.description}</p>
          {def && def.references.length ? (
            <>
              <h3>References</h3>
              <ul>
                {def.references.map((r, i) => (
                  <li key={i}>
                    <span className="badge badge-muted">{r.kind}</span>{" "}
                    {r.url ? (
                      <a href={r.url} rel="noreferrer noopener" target="_blank">
                        {r.title ?? r.id ?? r.url}
                      </a>
                    ) : (
                      (r.title ?? r.id)
                    )}
                    {r.confidence !== "confirmed" ? <span className="muted"> ({r.confidence})</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="fix-heading">
          <h2 id="fix-heading">Fixed in</h2>
          {bug.fixes.length === 0 ? (
            <p className="muted">No fixed kernel is recorded for this bug.</p>
          ) : (
            <RecordTable
              caption="Fixed-in kernel per stream"
              columns={[
                { id: "stream", header: "Stream" },
                { id: "fixedIn", header: "Fixed in", kind: "mono" },
                { id: "type", header: "Type" },
              ]}
              rows={bug.fixes.map((f) => ({
                key: `${f.stream}-${f.fixedIn}`,
                stream: f.stream,
                fixedIn: f.fixedIn,
                type: f.isBackport ? "z-stream backport" : "main line",
              }))}
            />
          )}
          {def?.match.length ? (
            <>
              <h3>Match rules</h3>
              <ul>
                {def.match.map((m) => (
                  <li key={m.id}>
                    <span className="mono">{m.id}</span>: {m.description}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
      <section className="panel" aria-labelledby="kernels-heading">
        <h2 id="kernels-heading">Panics per kernel release</h2>
        {stats.byKernel.length === 0 ? (
          <p className="muted">No stored panic matches this bug yet.</p>
        ) : (
          <StackedBarChart
            data={stats.byKernel.map((k) => {
              const hasFix =
                def !== null && k.kernelRelease !== "unknown" && fixStatusOf(def, k.kernelRelease).status === "fixed";
              return { kernel: k.kernelRelease, panics: hasFix ? 0 : k.panics, regressions: hasFix ? k.panics : 0 };
            })}
            series={[
              { key: "panics", label: "before the fix" },
              { key: "regressions", label: "on a kernel with the fix" },
            ]}
            xKey="kernel"
            xLabel="Kernel release"
            xTickFormat="text"
            height={260}
            label="Panics of this bug per kernel release"
          />
        )}
      </section>
      <section className="panel" aria-labelledby="hosts-heading">
        <h2 id="hosts-heading">Affected hosts</h2>
        {hosts.length === 0 ? (
          <p className="muted">No host has panicked on this bug.</p>
        ) : (
          <>
            <div className="table-scroll">
              <RecordTable
                caption="Hosts that panicked on this bug"
                columns={[
                  { id: "host", header: "Host" },
                  { id: "kernel", header: "Current kernel", kind: "mono" },
                  { id: "release", header: "RHEL" },
                  { id: "fix", header: "Fix status" },
                  { id: "panics", header: "Panics", kind: "num" },
                  { id: "last", header: "Last panic", kind: "time" },
                ]}
                rows={hosts.map((h) => ({
                  key: h.hostname,
                  host: { text: h.hostname, href: hostHref(h.hostname), nowrap: true },
                  kernel: h.currentKernel,
                  release: h.rhelRelease,
                  fix: fixCell(def, h.currentKernel),
                  panics: h.panics,
                  last: h.lastPanicAt.toISOString(),
                }))}
              />
            </div>
            <Pager
              basePath={`/bugs/${encodeURIComponent(bug.id)}`}
              params={{}}
              page={page}
              pageSize={PAGE_SIZE}
              total={stats.hosts}
            />
          </>
        )}
      </section>
      {sample ? (
        <section className="panel" aria-labelledby="sample-heading">
          <div className="panel-header">
            <h2 id="sample-heading">Sample panic</h2>
            <Link href={panicHref(sample.id)}>
              {sample.host.hostname}, {formatTime(sample.crashTime)} →
            </Link>
          </div>
          <p className="mono">{sample.message ?? sample.title}</p>
          <details>
            <summary>Raw text ({sample.rawText.split("\n").length} lines)</summary>
            <RawText text={sample.rawText} />
          </details>
        </section>
      ) : null}
    </>
  );
}
