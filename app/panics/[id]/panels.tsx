import Link from "next/link";
import { FixCandidates, SecondaryFixCandidates } from "@/components/fix-candidates";
import { RawText } from "@/components/raw-text";
import { RecordTable } from "@/components/tables/record-table";
import { formatCountOf, formatTime } from "@/components/ui/format";
import { bugHref, hostHref, newBugHref, panicHref, panicRawHref } from "@/components/ui/links";
import type { CrashReport } from "@/lib/crash";
import { isFixOfKnownBug } from "@/lib/kb";
import { getFixCandidatesForPanic, getKnownBugTrackerFacts } from "@/lib/server/queries/fixes";
import { findKeyLines, getPanicDetail, getPanicRawText, listSignaturePanics } from "@/lib/server/queries/panics";

/** The panic page's panels; the page has already loaded the panic's row (without its raw text). */

type Panic = NonNullable<Awaited<ReturnType<typeof getPanicDetail>>>;

const reportOf = (panic: Panic) => (panic.parsed ?? {}) as Partial<CrashReport>;

export function ParsedFields({ panic }: { panic: Panic }) {
  const report = reportOf(panic);
  const frames = (report.frames ?? []).slice(0, 12);
  return (
    <>
      <dl className="fields">
        <dt>Panic line</dt>
        <dd className="mono">{panic.message ?? "—"}</dd>
        <dt>Kind</dt>
        <dd>
          {panic.kind ?? "—"}
          {panic.panicked ? "" : " (did not panic)"}
        </dd>
        <dt>RIP</dt>
        <dd className="mono">
          {report.rip
            ? `${report.rip.function}${report.rip.offset !== null ? `+0x${report.rip.offset.toString(16)}` : ""}${report.rip.module ? ` [${report.rip.module}]` : ""}`
            : "—"}
        </dd>
        <dt>Guilty frame</dt>
        <dd className="mono">{report.guiltyFrame ?? "—"}</dd>
        <dt>Task</dt>
        <dd className="mono">
          {report.task
            ? `${report.task.comm ?? "?"} (pid ${report.task.pid ?? "?"}, cpu ${report.task.cpu ?? "?"})`
            : "—"}
        </dd>
        <dt>Tainted</dt>
        <dd>{report.taint ? (report.taint.tainted ? `yes: ${report.taint.flags}` : "no") : "—"}</dd>
        <dt>Hardware</dt>
        <dd>{report.hardware ?? "—"}</dd>
        <dt>Format</dt>
        <dd>{report.formats?.join(", ") || "—"}</dd>
        <dt>Uploaded</dt>
        <dd>
          {formatTime(panic.uploadedAt)} via {panic.source}
        </dd>
        <dt>sha-256</dt>
        <dd className="mono">{panic.sha256}</dd>
      </dl>
      {frames.length ? (
        <>
          <h3>Call trace</h3>
          <ol className="mono" style={{ margin: 0, paddingLeft: "1.5rem" }}>
            {frames.map((f, i) => (
              <li key={i} className={f.reliable ? undefined : "muted"}>
                {f.reliable ? "" : "? "}
                {f.function}
                {f.module ? ` [${f.module}]` : ""}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

export function KnownBugMatch({ panic }: { panic: Panic }) {
  if (!panic.knownBug) {
    return (
      <p>
        No known bug matches.{" "}
        {panic.signature ? (
          <>
            <Link href={newBugHref(panic.signature.id)}>Create a known bug from this signature</Link>, or from one of
            its <a href="#fixes-heading">possible fixes</a> below.
          </>
        ) : (
          <>
            See its <a href="#fixes-heading">possible fixes</a> below.
          </>
        )}
      </p>
    );
  }
  return (
    <dl className="fields">
      <dt>Bug</dt>
      <dd>
        <Link href={bugHref(panic.knownBug.id)}>{panic.knownBug.title}</Link>
      </dd>
      <dt>Rule</dt>
      <dd className="mono">{panic.matchRule ?? "—"}</dd>
      <dt>Confidence</dt>
      <dd>{panic.matchConfidence !== null ? `${Math.round(panic.matchConfidence * 100)} %` : "—"}</dd>
      {panic.matchRegression ? (
        <>
          <dt>Note</dt>
          <dd>
            <span className="badge badge-danger">kernel already has the fix</span> a regression or a different bug
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export async function SignatureGroup({ panic }: { panic: Panic }) {
  if (!panic.signature) return <p className="muted">—</p>;
  const others = await listSignaturePanics(panic.signature.id, panic.id);
  return (
    <>
      <p>
        <span className="mono">{panic.signature.fingerprint}</span> ·{" "}
        {formatCountOf(panic.signature.panicCount, "panic")} on {formatCountOf(panic.signature.hostCount, "host")}
      </p>
      {others.length ? (
        <RecordTable
          caption="Other panics with this signature"
          columns={[
            { id: "crashed", header: "Crashed", kind: "time" },
            { id: "host", header: "Host" },
            { id: "kernel", header: "Kernel", kind: "mono" },
          ]}
          rows={others.map((o) => ({
            key: o.id,
            crashed: { text: formatTime(o.crashTime), href: panicHref(o.id) },
            host: { text: o.hostname, href: hostHref(o.hostname), nowrap: true },
            kernel: o.kernelRelease,
          }))}
        />
      ) : (
        <p className="muted">No other panic has this signature.</p>
      )}
    </>
  );
}

/** How many fix candidates the panel lists. */
const FIX_CANDIDATES = 5;

/**
 * Changelog entries that may fix the panic (lib/changelog's fix finder). Folded away below the
 * match when a known bug already explains the panic; otherwise each offers to create a known bug.
 */
export async function PossibleFixes({ panic }: { panic: Panic }) {
  const [search, bug] = await Promise.all([
    getFixCandidatesForPanic(panic.id, FIX_CANDIDATES),
    panic.knownBug ? getKnownBugTrackerFacts(panic.knownBug.id) : null,
  ]);
  if (!search) return null;
  if (!panic.knownBug || !bug) {
    return <FixCandidates search={search} panicId={panic.id.toString()} signatureId={panic.signature?.id ?? null} />;
  }
  // Matched: the bug's own fix (an entry naming one of its tracker ids) first, the rest folded away.
  const own = search.candidates.filter((candidate) => isFixOfKnownBug(candidate, bug));
  const others = search.candidates.filter((candidate) => !own.includes(candidate));
  return (
    <>
      {own.length ? (
        <>
          <p className="muted">
            The changelog entry that fixes <Link href={bugHref(panic.knownBug.id)}>{panic.knownBug.title}</Link>:
          </p>
          <FixCandidates
            search={{ ...search, candidates: own, notes: [], otherStreams: [] }}
            panicId={panic.id.toString()}
            signatureId={null}
          />
        </>
      ) : null}
      <SecondaryFixCandidates count={others.length} other={own.length > 0}>
        <FixCandidates search={{ ...search, candidates: others }} panicId={panic.id.toString()} signatureId={null} />
      </SecondaryFixCandidates>
    </>
  );
}

/** The stored text, read on its own (the largest column), with the key lines highlighted. */
export async function PanicRawText({ panic }: { panic: Panic }) {
  const text = (await getPanicRawText(panic.id)) ?? "";
  const rangeHref = (from: number, to: number) => `${panicRawHref(panic.id)}&from=${from}&to=${to}`;
  return <RawText text={text} marks={findKeyLines(text, reportOf(panic))} rangeHref={rangeHref} />;
}
