import Link from "next/link";
import { KnownBugForm, type KnownBugFormPrefill } from "@/components/known-bug-form";
import { panicFixesHref } from "@/components/ui/links";
import { prefillFromFix } from "@/lib/kb/fix-prefill";
import type { ReactNode } from "react";
import type { FixRef } from "@/lib/schemas/known-bug-form";
import { type getSignature, listSignatureSamples } from "@/lib/server/queries/bugs";
import { findFixCandidate } from "@/lib/server/queries/fixes";
import { deriveMatchRules, storedReports } from "@/lib/server/services/known-bugs";
import { createKnownBugAction } from "./actions";

type Signature = NonNullable<Awaited<ReturnType<typeof getSignature>>>;

/**
 * The form, prefilled from a fix finder candidate when the URL names one (`fix=panic:build:key`)
 * that is still among that panic's candidates and belongs to this signature; otherwise empty, with
 * a note saying why.
 */
export async function BugForm({ signature, fix }: { signature: Signature; fix: FixRef | null }) {
  let prefill: KnownBugFormPrefill | null = null;
  let note: ReactNode = null;
  if (fix) {
    const chosen = await findFixCandidate(fix.panicId, fix.build, fix.key);
    const values = chosen && chosen.signatureId === signature.id ? prefillFromFix(chosen.entries, chosen.kernel) : null;
    if (chosen && values) {
      prefill = { ...values, backports: Object.values(values.backports).flat() };
      note = (
        <p className="result badge-ok" role="note">
          Prefilled from the changelog entry of <span className="mono">{fix.build}</span> that the fix finder offers for{" "}
          <Link href={panicFixesHref(chosen.panicId)}>panic {chosen.panicId}</Link>. Check it before saving.
        </p>
      );
    } else {
      note = (
        <p className="result badge-warn" role="note">
          The fix in this link (<span className="mono">{fix.build}</span>, {fix.key}) is no longer among the candidates
          of a panic of this signature, so nothing is prefilled.
        </p>
      );
    }
  }
  return (
    <>
      {note}
      <KnownBugForm
        key={fix ? `${fix.panicId}:${fix.build}:${fix.key}` : "empty"}
        action={createKnownBugAction}
        signatureId={signature.id}
        defaultTitle={signature.title}
        defaultId={`USER-${signature.fingerprint}`}
        prefill={prefill}
      />
    </>
  );
}

/** The match rules a new known bug would get, derived from the signature's latest parsed panics. */
export async function DerivedRules({ signatureId, title }: { signatureId: number; title: string }) {
  const panics = await listSignatureSamples(signatureId);
  // The same reports createKnownBugFromSignature derives its rules from.
  const rules = deriveMatchRules(storedReports(panics.map((p) => p.parsed)), title);
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
