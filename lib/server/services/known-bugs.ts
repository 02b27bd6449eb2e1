import { ZodError } from "zod";
import type { CrashReport } from "../../crash";
import {
  evaluateRule,
  knownBugSchema,
  normalizeFunctionName,
  type BugReference,
  type KnownBug,
  type MatchRule,
} from "../../kb";
import type { KnownBugForm } from "../../schemas/known-bug-form";
import { getDb } from "../db";
import { ApiError } from "../errors";
import { addKnownBug, type RematchResult } from "./catalogue";

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.$]*$/;
const SAMPLE_PANICS = 50;
/** Frames that say nothing about the bug (the oops machinery, entry code). */
const GENERIC_FRAMES = new Set([
  "panic",
  "oops_end",
  "die",
  "do_trap",
  "do_invalid_op",
  "invalid_op",
  "machine_kexec",
  "crash_kexec",
  "dump_stack",
  "show_stack",
  "__schedule",
  "schedule",
]);

function mostCommon<T>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Match rules for a signature group, derived from its panics: the crash kind, the guilty (or RIP)
 * function and up to three call-trace frames below it, shortened until the rule matches every sample;
 * plus the exact title as a weaker fallback.
 */
export function deriveMatchRules(reports: readonly CrashReport[], title: string): MatchRule[] {
  const rules: MatchRule[] = [];
  const kind = mostCommon(reports.map((r) => r.kind).filter((k) => k !== null));
  const fn = mostCommon(
    reports
      .map((r) => r.guiltyFrame ?? r.rip?.function ?? null)
      .filter((f): f is string => f !== null)
      .map(normalizeFunctionName)
      .filter((f) => FUNCTION_NAME.test(f)),
  );
  if (fn) {
    const sample = reports.find((r) => normalizeFunctionName(r.guiltyFrame ?? r.rip?.function ?? "") === fn);
    const names = (sample?.frames ?? [])
      .filter((f) => f.reliable)
      .map((f) => normalizeFunctionName(f.function))
      .filter((f) => FUNCTION_NAME.test(f) && !GENERIC_FRAMES.has(f));
    const after = names.indexOf(fn) >= 0 ? names.slice(names.indexOf(fn) + 1) : names;
    let trace = [...new Set(after)].slice(0, 3);
    const base = {
      id: "derived-function-trace",
      description: "",
      confidence: 0.9,
      functions: [fn],
      ...(kind ? { kinds: [kind] } : {}),
    } as MatchRule;
    const matchesAll = (rule: MatchRule) => reports.every((r) => evaluateRule(rule, r) !== null);
    while (trace.length > 0 && !matchesAll({ ...base, callTrace: trace })) trace = trace.slice(0, -1);
    const rule: MatchRule = trace.length ? { ...base, callTrace: trace } : base;
    rule.description = `${kind ?? "crash"} in ${fn}${trace.length ? `, called from ${trace.join(" <- ")}` : ""} (derived from the signature's panics)`;
    rules.push(rule);
  }
  rules.push({
    id: "derived-title",
    description: `crash title '${title}'`,
    confidence: 0.8,
    titlePattern: `^${escapeRegExp(title)}$`,
  });
  return rules;
}

function referenceOf(url: string): BugReference {
  const kind: BugReference["kind"] = /bugzilla/i.test(url)
    ? "bugzilla"
    : /git\.kernel\.org|github\.com\/torvalds|\/commit\//i.test(url)
      ? "upstream-fix"
      : /errata|RH[SBE]A-/i.test(url)
        ? "errata"
        : "article";
  return { kind, url, confidence: "unconfirmed" };
}

function validationMessage(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "bug"}: ${i.message}`).join("; ");
}

export interface CreatedKnownBug {
  id: string;
  rematched: RematchResult | null;
}

/**
 * Creates a known bug from an unmatched signature (rules derived from its panics; title, description,
 * references and fixed-in per stream from the user), then re-matches every panic and recomputes each
 * host's needs-update verdict, so the signature's panics move under the new bug.
 */
export async function createKnownBugFromSignature(form: KnownBugForm): Promise<CreatedKnownBug> {
  const db = getDb();
  const signature = await db.signature.findUnique({ where: { id: form.signatureId } });
  if (!signature) throw new ApiError(404, "not_found", `No signature ${form.signatureId}`);
  const panics = await db.panic.findMany({
    where: { signatureId: signature.id },
    orderBy: { crashTime: "desc" },
    take: SAMPLE_PANICS,
    select: { parsed: true },
  });
  const reports = panics.map((p) => p.parsed as unknown as CrashReport).filter((r) => r && Array.isArray(r.frames));
  const id = form.id ?? `USER-${signature.fingerprint}`;
  if (await db.knownBug.findUnique({ where: { id }, select: { id: true } })) {
    throw new ApiError(409, "conflict", `A known bug with the id ${id} exists already; choose another id`);
  }
  const fixedIn: KnownBug["fixedIn"] = {};
  for (const [stream, kernel] of Object.entries(form.fixedIn) as [keyof KnownBug["fixedIn"], string | undefined][]) {
    if (kernel)
      fixedIn[stream] = { fixedIn: kernel, backports: [], firstAffected: null, errata: [], confidence: "unconfirmed" };
  }
  let bug: KnownBug;
  try {
    bug = knownBugSchema.parse({
      id,
      title: form.title,
      description: form.description,
      confidence: "unconfirmed",
      confidenceNotes: `Created in the dashboard from signature ${signature.fingerprint} (${signature.panicCount} panics); match rules derived from its panics, fixed-in as entered.`,
      references: form.references.map(referenceOf),
      match: deriveMatchRules(reports, signature.title),
      fixedIn,
    });
  } catch (error) {
    if (error instanceof ZodError) throw new ApiError(422, "validation_failed", validationMessage(error));
    throw error;
  }
  const rematched = await addKnownBug(bug);
  return { id: bug.id, rematched };
}
