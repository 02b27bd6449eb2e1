import {
  FUNCTION_NAME_RE,
  isSkippedFrame,
  LINUX_STACK_PARAMS,
  normalizeFunction,
  stripFramePrefixes,
} from "../crash/stack-params";
import type { CrashReport } from "../crash/types";
import { escapeRegExp } from "../util/regexp";
import { evaluateRule } from "./match";
import type { MatchRule } from "./schema";

function mostCommon<T>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** A frame worth naming in a rule: a function name, and not machinery every crash passes through. */
function isTelling(name: string): boolean {
  return FUNCTION_NAME_RE.test(name) && !isSkippedFrame(stripFramePrefixes(name), LINUX_STACK_PARAMS.derivedRuleSkip);
}

/**
 * The parsed reports among panics' stored `parsed` values: a panic stored without its report holds
 * `{}`, which has no frames to derive rules from.
 */
export function storedReports(parsed: readonly unknown[]): CrashReport[] {
  return parsed.filter(
    (value): value is CrashReport =>
      typeof value === "object" && value !== null && Array.isArray((value as CrashReport).frames),
  );
}

/**
 * Match rules for a signature group, derived from its panics: the crash kind, the guilty (or RIP)
 * function and up to three call-trace frames below it, shortened until the rule matches every sample;
 * plus the exact title as a weaker fallback. Frames are named and skipped as the signature does
 * (lib/crash/stack-params.ts).
 */
export function deriveMatchRules(reports: readonly CrashReport[], title: string): MatchRule[] {
  const rules: MatchRule[] = [];
  const kind = mostCommon(reports.map((r) => r.kind).filter((k) => k !== null));
  const fn = mostCommon(
    reports
      .map((r) => r.guiltyFrame ?? r.rip?.function ?? null)
      .filter((f): f is string => f !== null)
      .map(normalizeFunction)
      .filter((f) => FUNCTION_NAME_RE.test(f)),
  );
  if (fn) {
    const sample = reports.find((r) => normalizeFunction(r.guiltyFrame ?? r.rip?.function ?? "") === fn);
    const names = (sample?.frames ?? []).filter((f) => f.reliable).map((f) => normalizeFunction(f.function));
    // The callers below the guilty frame, found before skipping: a guilty function that the skip list
    // happens to name (`tcp_shutdown` holds `down`) must not pull its callees into the trace.
    const after = names.indexOf(fn) >= 0 ? names.slice(names.indexOf(fn) + 1) : names;
    let trace = [...new Set(after.filter(isTelling))].slice(0, 3);
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
