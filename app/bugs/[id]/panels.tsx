import Link from "next/link";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { RawText } from "@/components/raw-text";
import { RecordTable, type Cell } from "@/components/tables/record-table";
import { formatCount, formatCountOf, formatTime } from "@/components/ui/format";
import { hostHref, panicHref } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { fixStatusOf, type KnownBug } from "@/lib/kb";
import { type BugDetail, getBugStats, getLatestPanicOfBug, listBugHosts } from "@/lib/server/queries/bugs";
import { getPanicRawText } from "@/lib/server/queries/panics";
import { listKnownBugChanges } from "@/lib/server/services/known-bug-edits";
import { getSignedInWriter } from "@/lib/server/session-actions";
import { deleteKnownBugAction, editKnownBugAction } from "./actions";
import { EditBugForm, type EditBugValues } from "./edit-bug-form";

/** The bug page's panels; the page has already loaded the bug (getKnownBug is cached per request). */

const BUG_HOSTS_PAGE_SIZE = 25;

export async function BugTotals({ id }: { id: string }) {
  const stats = await getBugStats(id);
  return `${formatCountOf(stats.panics, "panic")} on ${formatCountOf(stats.hosts, "host")} · first ${formatTime(stats.firstSeenAt)} · last ${formatTime(stats.lastSeenAt)}`;
}

export async function CreatedNotice({ id }: { id: string }) {
  const stats = await getBugStats(id);
  return (
    <p className="result badge-ok" role="status">
      Known bug created; the stored panics were re-matched ({formatCount(stats.panics)} now match it).
    </p>
  );
}

export function BugDescription({ bug }: { bug: BugDetail }) {
  const def = bug.definition;
  return (
    <>
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
    </>
  );
}

export function BugFixes({ bug }: { bug: BugDetail }) {
  return (
    <>
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
      {bug.definition?.match.length ? (
        <>
          <h3>Match rules</h3>
          <ul>
            {bug.definition.match.map((m) => (
              <li key={m.id}>
                <span className="mono">{m.id}</span>: {m.description}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export async function PanicsPerKernel({ bug }: { bug: BugDetail }) {
  const stats = await getBugStats(bug.id);
  const def = bug.definition;
  if (stats.byKernel.length === 0) return <p className="muted">No stored panic matches this bug yet.</p>;
  return (
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
  );
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

export async function AffectedHosts({ bug, page }: { bug: BugDetail; page: number }) {
  const [hosts, stats] = await Promise.all([listBugHosts(bug.id, page, BUG_HOSTS_PAGE_SIZE), getBugStats(bug.id)]);
  if (hosts.length === 0) return <p className="muted">No host has panicked on this bug.</p>;
  return (
    <>
      <RecordTable
        caption="Hosts that panicked on this bug"
        scroll
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
          fix: fixCell(bug.definition, h.currentKernel),
          panics: h.panics,
          last: h.lastPanicAt.toISOString(),
        }))}
      />
      <Pager page={page} pageSize={BUG_HOSTS_PAGE_SIZE} total={stats.hosts} omit={["created"]} />
    </>
  );
}

/** The bug's most recent panic; its raw text is a query of its own. */
export async function SamplePanic({ id }: { id: string }) {
  const sample = await getLatestPanicOfBug(id);
  if (!sample) return null;
  const rawText = (await getPanicRawText(sample.id)) ?? "";
  return (
    <section className="panel" aria-labelledby="sample-heading">
      <div className="panel-header">
        <h2 id="sample-heading">Sample panic</h2>
        <Link href={panicHref(sample.id)}>
          {sample.host.hostname}, {formatTime(sample.crashTime)} →
        </Link>
      </div>
      <p className="mono">{sample.message ?? sample.title}</p>
      <details>
        <summary>Raw text ({rawText.split("\n").length} lines)</summary>
        <RawText text={rawText} />
      </details>
    </section>
  );
}

/** Edit and Delete for a bug created in the dashboard; a catalogue bug says where it is changed instead. */
export async function BugEditing({ bug }: { bug: BugDetail }) {
  if (bug.origin !== "user" || !bug.definition) {
    return (
      <p className="muted" data-testid="catalogue-note">
        This bug comes from the catalogue (lib/kb/bugs/*.json) and is read-only here: change its file, and the next
        start re-matches.
      </p>
    );
  }
  const { name, openWrites } = await getSignedInWriter();
  if (!name && !openWrites) {
    return (
      <p className="muted">
        <Link href={`/sign-in?next=${encodeURIComponent(`/bugs/${bug.id}`)}`}>Sign in</Link> to edit or delete this bug.
      </p>
    );
  }
  const def = bug.definition;
  const values: EditBugValues = {
    id: bug.id,
    title: bug.title,
    description: bug.description,
    references: def.references.flatMap((r) => (r.url ? [r.url] : [])),
    fixedIn: Object.fromEntries(
      Object.entries(def.fixedIn).flatMap(([stream, fix]) => (fix?.fixedIn ? [[stream, fix.fixedIn]] : [])),
    ),
  };
  return <EditBugForm values={values} edit={editKnownBugAction} remove={deleteKnownBugAction} />;
}

const formatValue = (value: unknown): string =>
  value === null || value === undefined
    ? "—"
    : typeof value === "string"
      ? value
      : Array.isArray(value)
        ? value.join(", ") || "—"
        : Object.entries(value as Record<string, unknown>)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(", ") || "—";

/** Who changed the bug, when, and what (known_bug_changes), newest first. */
export async function BugHistory({ id }: { id: string }) {
  const changes = await listKnownBugChanges(id);
  if (changes.length === 0) return <p className="muted">No changes made in the dashboard.</p>;
  return (
    <ol className="history" data-testid="bug-history">
      {changes.map((c) => (
        <li key={c.id}>
          <strong>{c.action}</strong> by <span className="mono">{c.actor}</span> · {formatTime(c.createdAt)}
          {c.action === "edited" ? (
            <ul>
              {Object.entries(c.changes).map(([field, change]) => (
                <li key={field}>
                  {field}: <del>{formatValue(change.from)}</del> → <ins>{formatValue(change.to)}</ins>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
