import type { CrashReport } from "@/lib/crash";
import { listSignatureSamples } from "@/lib/server/queries/bugs";
import { deriveMatchRules } from "@/lib/server/services/known-bugs";

/** The match rules a new known bug would get, derived from the signature's latest parsed panics. */
export async function DerivedRules({ signatureId, title }: { signatureId: number; title: string }) {
  const panics = await listSignatureSamples(signatureId);
  const rules = deriveMatchRules(
    panics.map((p) => p.parsed as unknown as CrashReport),
    title,
  );
  return (
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
  );
}
