import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { KnownBugForm } from "@/components/known-bug-form";
import { formatCountOf, formatTime } from "@/components/ui/format";
import type { CrashReport } from "@/lib/crash";
import { signatureIdSchema } from "@/lib/schemas/dashboard";
import { getSignatureWithSamples } from "@/lib/server/queries/bugs";
import { deriveMatchRules } from "@/lib/server/services/known-bugs";
import { createKnownBugAction } from "./actions";

export const metadata: Metadata = { title: "Create known bug" };
export const dynamic = "force-dynamic";

export default async function NewBugPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const id = signatureIdSchema.safeParse((await searchParams).signature);
  if (!id.success) notFound();
  const found = await getSignatureWithSamples(id.data);
  if (!found) notFound();
  const { signature, panics } = found;
  const rules = deriveMatchRules(
    panics.map((p) => p.parsed as unknown as CrashReport),
    signature.title,
  );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Create known bug</h1>
          <p>
            From the signature <span className="mono">{signature.fingerprint}</span>: {signature.title} ·{" "}
            {formatCountOf(signature.panicCount, "panic")} on {formatCountOf(signature.hostCount, "host")},{" "}
            {formatTime(signature.firstSeenAt)} – {formatTime(signature.lastSeenAt)}
          </p>
        </div>
        <Link className="button secondary" href="/bugs">
          Back to bugs
        </Link>
      </div>
      {signature.knownBugId ? (
        <section className="panel card-ok">
          <p>
            This signature already matches{" "}
            <Link href={`/bugs/${encodeURIComponent(signature.knownBugId)}`}>{signature.knownBugId}</Link>.
          </p>
        </section>
      ) : null}
      <div className="grid grid-2">
        <section className="panel" aria-labelledby="form-heading">
          <h2 id="form-heading">The bug</h2>
          <KnownBugForm
            action={createKnownBugAction}
            signatureId={signature.id}
            defaultTitle={signature.title}
            defaultId={`USER-${signature.fingerprint}`}
          />
        </section>
        <section className="panel" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Match rules derived from its panics</h2>
          <p className="muted">
            Saving re-matches every stored panic against all known bugs; these rules then claim this signature&apos;s
            panics.
          </p>
          <ol>
            {rules.map((rule) => (
              <li key={rule.id}>
                <strong>{rule.description}</strong>
                <dl className="fields">
                  {rule.kinds ? (
                    <>
                      <dt>Kind</dt>
                      <dd>{rule.kinds.join(", ")}</dd>
                    </>
                  ) : null}
                  {rule.functions ? (
                    <>
                      <dt>Guilty / RIP function</dt>
                      <dd className="mono">{rule.functions.join(", ")}</dd>
                    </>
                  ) : null}
                  {rule.callTrace ? (
                    <>
                      <dt>Call trace, in order</dt>
                      <dd className="mono">{rule.callTrace.join(" → ")}</dd>
                    </>
                  ) : null}
                  {rule.titlePattern ? (
                    <>
                      <dt>Title pattern</dt>
                      <dd className="mono">{rule.titlePattern}</dd>
                    </>
                  ) : null}
                  <dt>Confidence</dt>
                  <dd>{rule.confidence} (× 0.6 while the bug is unconfirmed)</dd>
                </dl>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}
