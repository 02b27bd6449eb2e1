import type { CrashReport } from "../../crash";
import { knownBugSchema, matchKnownBugs, type KnownBug } from "../../kb";
import { getDb } from "../db";

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

const CACHE_MS = 5_000;
let cache: { bugs: KnownBug[]; at: number } | null = null;

/** Every known bug in the database (catalogue files and dashboard-created), validated; cached briefly. */
export async function loadKnownBugs(): Promise<KnownBug[]> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.bugs;
  const rows = await getDb().knownBug.findMany({ select: { id: true, definition: true }, orderBy: { id: "asc" } });
  const bugs: KnownBug[] = [];
  for (const row of rows) {
    const parsed = knownBugSchema.safeParse(row.definition);
    if (parsed.success) bugs.push(parsed.data);
    else console.error(`panicboard: known bug ${row.id} in the database is invalid and is skipped: ${parsed.error.message}`);
  }
  cache = { bugs, at: Date.now() };
  return bugs;
}

export function invalidateKnownBugs(): void {
  cache = null;
}

/** The best known-bug match of a parsed crash, in the form ingestion stores. */
export function bestMatch(report: CrashReport, kernelRelease: string | null, bugs: readonly KnownBug[]): PanicMatch | null {
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

export async function matchReport(report: CrashReport, kernelRelease: string | null): Promise<PanicMatch | null> {
  return bestMatch(report, kernelRelease, await loadKnownBugs());
}
