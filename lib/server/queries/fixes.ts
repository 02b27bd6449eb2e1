import { cache } from "react";
import { type FirstRelease, type FixCandidate, type FixSearch, fixQueryFromCrash } from "../../changelog";
import type { CrashReport, RipInfo, StackFrame } from "../../crash";
import { fixCandidateKey, type TrackedBug } from "../../kb";
import { getReadDb } from "../db/read";
import { searchChangelogFixes } from "../services/changelogs";
import { loadKnownBugs } from "../services/matching";

/**
 * The parts of a stored parsed report that the fix finder reads. Rows stored before a parser
 * change (or with the column's default `{}`) may lack some: they read as absent, never as a crash.
 */
function reportForFixes(parsed: unknown, kernelRelease: string | null): CrashReport {
  const report = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Partial<CrashReport>;
  const frames: StackFrame[] = Array.isArray(report.frames)
    ? report.frames.filter((f): f is StackFrame => typeof f?.function === "string")
    : [];
  const rip: RipInfo | null = typeof report.rip?.function === "string" ? report.rip : null;
  return {
    ...(report as CrashReport),
    kernelRelease: kernelRelease ?? report.kernelRelease ?? null,
    guiltyFrame: typeof report.guiltyFrame === "string" ? report.guiltyFrame : null,
    message: typeof report.message === "string" ? report.message : null,
    frames,
    rip,
  };
}

/**
 * Changelog entries that may fix a stored panic: entries of its kernel's stream, in builds newer
 * than the kernel it crashed on, that name its guilty frame, its trace or its BUG file (bundled
 * and imported changelogs; lib/changelog's findFixes). Null when no such panic exists. Cached per
 * request, like the panic page's other loaders.
 */
export const getFixCandidatesForPanic = cache(async function getFixCandidatesForPanic(
  panicId: bigint,
  limit = 10,
): Promise<FixSearch | null> {
  const panic = await (await getReadDb()).panic.findUnique({
    where: { id: panicId },
    select: { kernelRelease: true, parsed: true },
  });
  if (!panic) return null;
  return searchChangelogFixes(fixQueryFromCrash(reportForFixes(panic.parsed, panic.kernelRelease), limit));
});

/** What names a known bug in trackers (its id and references), to tell its own fix among a panic's candidates. */
export async function getKnownBugTrackerFacts(bugId: string): Promise<TrackedBug | null> {
  // The matcher's cached, validated catalogue already holds every bug's references.
  return (await loadKnownBugs()).find((bug) => bug.id === bugId) ?? null;
}

/**
 * The best fix candidate of one panic, as a table cell shows it; or, when the panic's kernel is
 * newer than every build the changelogs know, the build they end at (import newer changelogs).
 */
export type BestFix =
  | {
      /** The panic the candidate was found for (its page lists the others). */
      panicId: string;
      build: string;
      firstRelease: FirstRelease | null;
      summary: string;
    }
  | { panicId: string; build: null; changelogEndsAt: string };

/** lib/changelog's note for a kernel past the stream's newest build: `the el8 changelog ends at X, not after Y: ...`. */
const CHANGELOG_ENDS = /changelog ends at (\S+), not after/;

async function bestFixOf(row: { id: bigint; kernel_release: string | null; parsed: unknown }): Promise<BestFix | null> {
  const search = await searchChangelogFixes(fixQueryFromCrash(reportForFixes(row.parsed, row.kernel_release), 1));
  const panicId = row.id.toString();
  const best = search.candidates[0];
  if (best) return { panicId, build: best.build, firstRelease: best.firstRelease, summary: best.summary };
  const endsAt = search.notes.map((note) => CHANGELOG_ENDS.exec(note)?.[1]).find((build) => build !== undefined);
  return endsAt ? { panicId, build: null, changelogEndsAt: endsAt } : null;
}

/**
 * The best fix candidate of each signature, from its latest panic (index (signature_id,
 * crash_time), one row each). The latest rather than the oldest: it crashed on the newest kernel
 * the fleet runs with this bug, so entries of builds it already runs (which evidently did not fix
 * it) are not offered, and the candidate is a build that host does not have yet. For a page of
 * rows only: about 0.2 ms of index lookups per signature.
 */
export async function listBestFixesForSignatures(signatureIds: readonly number[]): Promise<Map<number, BestFix>> {
  if (signatureIds.length === 0) return new Map();
  const rows = await (await getReadDb()).$queryRaw<
    { signature_id: number; id: bigint; kernel_release: string | null; parsed: unknown }[]
  >`
    SELECT s.id AS signature_id, p.id, p.kernel_release, p.parsed
    FROM unnest(${[...signatureIds]}::int[]) AS s(id)
    CROSS JOIN LATERAL (
      SELECT id, kernel_release, parsed FROM panics WHERE signature_id = s.id ORDER BY crash_time DESC, id DESC LIMIT 1
    ) p`;
  const fixes = new Map<number, BestFix>();
  for (const row of rows) {
    const best = await bestFixOf(row);
    if (best) fixes.set(row.signature_id, best);
  }
  return fixes;
}

/**
 * The best fix candidate of each of the given panics that no known bug matches (the host page's
 * table: a page of rows). Keyed by panic id.
 */
export async function listBestFixesForPanics(panicIds: readonly string[]): Promise<Map<string, BestFix>> {
  if (panicIds.length === 0) return new Map();
  const rows = await (await getReadDb()).panic.findMany({
    where: { id: { in: panicIds.map((id) => BigInt(id)) }, knownBugId: null },
    select: { id: true, kernelRelease: true, parsed: true },
  });
  const fixes = new Map<string, BestFix>();
  for (const row of rows) {
    const best = await bestFixOf({ id: row.id, kernel_release: row.kernelRelease, parsed: row.parsed });
    if (best) fixes.set(row.id.toString(), best);
  }
  return fixes;
}

export interface ChosenFix {
  panicId: string;
  signatureId: number | null;
  /** The kernel the panic crashed on. */
  kernel: string;
  /** The entries of the chosen build that share the key (one bug), best ranked first. */
  entries: FixCandidate[];
}

/**
 * The fix a "Create known bug from this fix" link names (`panicId:build:key`, lib/kb's
 * fixCandidateKey), found again among the panic's candidates. Null when the panic is gone or the
 * candidate is no longer offered (a changelog import or a parser change re-ranked them).
 */
export async function findFixCandidate(panicId: bigint, build: string, key: string): Promise<ChosenFix | null> {
  const panic = await (await getReadDb()).panic.findUnique({
    where: { id: panicId },
    select: { id: true, signatureId: true, kernelRelease: true, parsed: true },
  });
  if (!panic) return null;
  // More than the panel shows, so a link from a page rendered before a re-rank still resolves.
  const search = await searchChangelogFixes(fixQueryFromCrash(reportForFixes(panic.parsed, panic.kernelRelease), 20));
  const entries = search.candidates.filter((c) => c.build === build && fixCandidateKey(c) === key);
  if (entries.length === 0) return null;
  return { panicId: panic.id.toString(), signatureId: panic.signatureId, kernel: search.kernel, entries };
}
