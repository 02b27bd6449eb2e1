import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RawText } from "@/components/raw-text";
import { formatTime } from "@/components/ui/format";
import { panicIdSchema } from "@/lib/schemas/common";
import { getPanic } from "@/lib/server/queries/panics";

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
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{panic.title ?? "Unrecognized crash"}</h1>
          <p>
            <Link href={`/hosts/${encodeURIComponent(panic.host.hostname)}`}>{panic.host.hostname}</Link> · crashed{" "}
            {formatTime(panic.crashTime)} · kernel <span className="mono">{panic.kernelRelease ?? "unknown"}</span>
          </p>
        </div>
        <a className="button secondary" href={`/api/panics/${panic.id}?format=raw`} download={`panic-${panic.id}.txt`}>
          Download raw text
        </a>
      </div>
      <section className="panel" aria-labelledby="fields-heading">
        <h2 id="fields-heading">Summary</h2>
        <dl className="fields">
          <dt>Message</dt>
          <dd className="mono">{panic.message ?? "—"}</dd>
          <dt>Kind</dt>
          <dd>{panic.kind ?? "—"}</dd>
          <dt>Known bug</dt>
          <dd>{panic.knownBug ? <Link href={`/bugs/${encodeURIComponent(panic.knownBug.id)}`}>{panic.knownBug.title}</Link> : "not matched"}</dd>
          <dt>Signature</dt>
          <dd className="mono">{panic.signature ? `${panic.signature.fingerprint} (${panic.signature.panicCount} panics)` : "—"}</dd>
          <dt>Uploaded</dt>
          <dd>
            {formatTime(panic.uploadedAt)} via {panic.source}
          </dd>
          <dt>sha-256</dt>
          <dd className="mono">{panic.sha256}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="raw-heading">
        <h2 id="raw-heading">Raw text</h2>
        <RawText text={panic.rawText} />
      </section>
    </>
  );
}
