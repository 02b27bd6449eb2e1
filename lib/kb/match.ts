/**
 * Matching a parsed crash against the known-bug catalogue. Pure: plain bug objects in (from files or
 * the database), JSON-serializable result out.
 */

import { normalizeFunction } from "../crash/stack-params";
import type { CrashReport } from "../crash/types";
import { parseKernelRelease } from "../kernel/release";
import { fixStatusOf, type FixStatus } from "./fix-status";
import type { BugConfidence, KnownBug, MatchRule } from "./schema";

/** The parts of a CrashReport the matcher reads, so database rows can be matched without a full report. */
export type MatchableCrash = Pick<CrashReport, "kind" | "title" | "message" | "kernelRelease" | "guiltyFrame"> & {
  detected?: boolean;
  rip: { function: string } | null;
  frames: ReadonlyArray<{ function: string }>;
};

export const REGRESSION_NOTE = "kernel should contain the fix: regression or a different bug";

/** Matches of a less well sourced bug count for less. */
const BUG_CONFIDENCE_FACTOR: Record<BugConfidence, number> = {
  confirmed: 1,
  partial: 0.9,
  unconfirmed: 0.6,
};

export interface MatchEvidence {
  kind: string | null;
  title: string | null;
  message: string | null;
  /** The guilty or RIP function that matched. */
  function: string | null;
  /** The call-trace functions found in order. */
  callTrace: string[] | null;
}

export interface BugMatch {
  bugId: string;
  title: string;
  bugConfidence: BugConfidence;
  ruleId: string;
  ruleDescription: string;
  /** 0..1: the rule's confidence scaled by how well the bug is sourced. */
  confidence: number;
  evidence: MatchEvidence;
  kernelRelease: string | null;
  stream: string | null;
  fixStatus: FixStatus;
  /** The stream's fixed-in kernel; null when the catalogue has none for the crash's stream. */
  fixedIn: string | null;
  /** Smallest fixed kernel after the crashing one (a z-stream backport when one applies). */
  minimalFix: string | null;
  /** The crashing kernel is at or past the fix: the match is kept but flagged. */
  kernelHasFix: boolean;
  note: string | null;
}

export interface MatchResult {
  /** The most confident match; null when no bug matched. */
  best: BugMatch | null;
  /** One entry per matching bug (its most confident rule), most confident first. */
  candidates: BugMatch[];
}

function findInOrder(names: readonly string[], wanted: readonly string[]): string[] | null {
  let at = 0;
  const found: string[] = [];
  for (const name of wanted) {
    while (at < names.length && names[at] !== name) at++;
    if (at >= names.length) return null;
    found.push(name);
    at++;
  }
  return found;
}

function testPattern(source: string, text: string | null): boolean {
  if (text === null) return false;
  try {
    return new RegExp(source).test(text);
  } catch {
    return false;
  }
}

/** Evidence when every condition of the rule holds, else null. */
export function evaluateRule(rule: MatchRule, report: MatchableCrash): MatchEvidence | null {
  const evidence: MatchEvidence = { kind: null, title: null, message: null, function: null, callTrace: null };
  if (rule.kinds) {
    if (!report.kind || !rule.kinds.includes(report.kind)) return null;
    evidence.kind = report.kind;
  }
  if (rule.titlePattern !== undefined) {
    if (!testPattern(rule.titlePattern, report.title)) return null;
    evidence.title = report.title;
  }
  if (rule.messagePattern !== undefined) {
    if (!testPattern(rule.messagePattern, report.message)) return null;
    evidence.message = report.message;
  }
  if (rule.functions) {
    const crashing = [report.guiltyFrame, report.rip?.function ?? null]
      .filter((f): f is string => f !== null)
      .map(normalizeFunction);
    const hit = crashing.find((f) => rule.functions?.includes(f));
    if (!hit) return null;
    evidence.function = hit;
  }
  if (rule.callTrace) {
    // The RIP function heads the trace: a BUG in tcp_v4_err prints it in RIP, not in the Call Trace.
    const names = [report.rip?.function, ...report.frames.map((f) => f.function)]
      .filter((f): f is string => typeof f === "string")
      .map(normalizeFunction);
    const found = findInOrder(names, rule.callTrace);
    if (!found) return null;
    evidence.callTrace = found;
  }
  return evidence;
}

function roundConfidence(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The most confident rule of one bug that matches the crash, with the fix status of the crashing kernel. */
export function matchKnownBug(report: MatchableCrash, bug: KnownBug): BugMatch | null {
  if (report.detected === false) return null;
  let bestRule: { rule: MatchRule; evidence: MatchEvidence } | null = null;
  for (const rule of bug.match) {
    if (bestRule && rule.confidence <= bestRule.rule.confidence) continue;
    const evidence = evaluateRule(rule, report);
    if (evidence) bestRule = { rule, evidence };
  }
  if (!bestRule) return null;

  const parsed = report.kernelRelease ? parseKernelRelease(report.kernelRelease) : null;
  const fix = parsed ? fixStatusOf(bug, parsed) : null;
  const kernelHasFix = fix?.status === "fixed";
  let note: string | null = null;
  if (kernelHasFix) note = REGRESSION_NOTE;
  else if (fix?.status === "not-affected") note = "kernel predates the first affected kernel: probably a different bug";
  else if (fix?.status === "no-fix-in-stream") note = `no fixed kernel known in stream ${fix.stream}`;

  return {
    bugId: bug.id,
    title: bug.title,
    bugConfidence: bug.confidence,
    ruleId: bestRule.rule.id,
    ruleDescription: bestRule.rule.description,
    confidence: roundConfidence(bestRule.rule.confidence * BUG_CONFIDENCE_FACTOR[bug.confidence]),
    evidence: bestRule.evidence,
    kernelRelease: report.kernelRelease,
    stream: fix?.stream ?? null,
    fixStatus: fix?.status ?? "unknown-stream",
    fixedIn: fix?.fixedIn ?? null,
    minimalFix: fix?.minimalFix ?? null,
    kernelHasFix,
    note,
  };
}

/**
 * Matches a crash against every bug. `best` is the most confident match; ties keep catalogue order.
 * A crash on a kernel that already has the fix still matches, flagged `kernelHasFix` with REGRESSION_NOTE.
 */
export function matchKnownBugs(report: MatchableCrash, bugs: readonly KnownBug[]): MatchResult {
  const candidates: BugMatch[] = [];
  for (const bug of bugs) {
    const match = matchKnownBug(report, bug);
    if (match) candidates.push(match);
  }
  // Stable sort: equal confidence keeps the order of `bugs`.
  candidates.sort((a, b) => b.confidence - a.confidence);
  return { best: candidates[0] ?? null, candidates };
}

/** What ingestion stores of a crash's best match. */
export interface PanicMatch {
  bugId: string;
  bugTitle: string;
  rule: string;
  confidence: number;
  /** The crashing kernel already has the fix: kept, flagged as a regression or a different bug. */
  regression: boolean;
  /** Fixed-in kernel of the crash's stream; null when the catalogue has none. */
  fixedIn: string | null;
}

/** The best known-bug match of a parsed crash on `kernelRelease`, in the form ingestion stores. */
export function bestMatch(
  report: MatchableCrash,
  kernelRelease: string | null,
  bugs: readonly KnownBug[],
): PanicMatch | null {
  const { best } = matchKnownBugs({ ...report, kernelRelease }, bugs);
  if (!best) return null;
  return {
    bugId: best.bugId,
    bugTitle: best.title,
    rule: best.ruleId,
    confidence: best.confidence,
    regression: best.kernelHasFix,
    fixedIn: best.fixedIn,
  };
}
