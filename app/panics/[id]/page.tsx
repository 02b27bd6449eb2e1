import type { Metadata } from "next";
import { Legend } from "@/components/ui/legend";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RawText } from "@/components/raw-text";
import { RecordTable } from "@/components/tables/record-table";
import { formatCountOf, formatTime } from "@/components/ui/format";
import { bugHref, hostHref, panicHref } from "@/components/ui/links";
import type { CrashReport } from "@/lib/crash";
import { panicIdSchema } from "@/lib/schemas/common";
import { findKeyLines, getPanic, listSignaturePanics } from "@/lib/server/queries/panics";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function loadPanic(params: Props["params"]) {
  const parsed = panicIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const panic = await getPanic(parsed.data);
  if (!panic) notFound();
  return panic;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const panic = await loadPanic(params);
  return { title: `${panic.title ?? "Panic"} on ${panic.host.hostname}` };
}

export default async function PanicPage({ params }: Props) {
  const panic = await loadPanic(params);
  const report = (panic.parsed ?? {}) as Partial<CrashReport>;
  const others = panic.signature ? await listSignaturePanics(panic.signature.id, panic.id) : [];
  const marks = findKeyLines(panic.rawText, report);
  const frames = (report.frames ?? []).slice(0, 12);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{panic.title ?? "Unrecognized crash"}</h1>
          <p>
            <Link href={hostHref(panic.host.hostname)}>{panic.host.hostname}</Link> · crashed{" "}
            {formatTime(panic.crashTime)} · kernel <span className="mono">{panic.kernelRelease ?? "unknown"}</span>
            {panic.rhelRelease ? ` (RHEL ${panic.rhelRelease})` : ""}
          </p>
        </div>
        <a className="button secondary" href={`/api/panics/${panic.id}?format=raw`} download={`panic-${panic.id}.txt`}>
          Download raw text
        </a>
      </div>
      <div className="grid grid-2">
        <section className="panel" aria-labelledby="fields-heading">
          <h2 id="fields-heading">Parsed</h2>
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
        </section>
        <div>
          <section
            className={`panel ${panic.knownBug ? (panic.matchRegression ? "card-danger" : "") : ""}`}
            aria-labelledby="match-heading"
          >
            <h2 id="match-heading">Known bug</h2>
            {panic.knownBug ? (
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
                      <span className="badge badge-danger">kernel already has the fix</span> a regression or a different
                      bug
                    </dd>
                  </>
                ) : null}
              </dl>
            ) : (
              <p>
                No known bug matches.{" "}
                {panic.signature ? (
                  <Link href={`/bugs/new?signature=${panic.signature.id}`}>Create a known bug from this signature</Link>
                ) : null}
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby="signature-heading">
            <h2 id="signature-heading">Signature group</h2>
            {panic.signature ? (
              <>
                <p>
                  <span className="mono">{panic.signature.fingerprint}</span> ·{" "}
                  {formatCountOf(panic.signature.panicCount, "panic")} on{" "}
                  {formatCountOf(panic.signature.hostCount, "host")}
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
            ) : (
              <p className="muted">—</p>
            )}
          </section>
        </div>
      </div>
      <section className="panel" aria-labelledby="raw-heading">
        <div className="panel-header">
          <h2 id="raw-heading">Raw text</h2>
          <Legend
            items={[
              { color: "rgba(248, 81, 73, 0.6)", label: "panic line" },
              { color: "rgba(255, 196, 0, 0.6)", label: "RIP" },
              { color: "rgba(56, 139, 253, 0.5)", label: "call trace" },
            ]}
          />
        </div>
        <RawText text={panic.rawText} marks={marks} />
      </section>
    </>
  );
}
