import { createHash } from "node:crypto";
import type { CrashReport } from "../../crash";
import { canonicalJson, catalogueHash, KB_STREAMS, loadCatalogue, type KnownBug } from "../../kb";
import { getDb, Prisma } from "../db";
import { refreshHostUpdates } from "./host-update";
import { bestMatch, invalidateKnownBugs, loadKnownBugs } from "./matching";

const HASH_KEY = "catalogue_hash";
const REMATCH_BATCH = 2_000;

function definitionHash(bug: KnownBug): string {
  return createHash("sha256").update(canonicalJson(bug)).digest("hex");
}

/** One row per stream fix and per z-stream backport, for SQL that asks "which bugs does el6 fix where". */
function fixRows(bug: KnownBug) {
  const rows: { knownBugId: string; stream: string; fixedIn: string; isBackport: boolean }[] = [];
  for (const stream of KB_STREAMS) {
    const fix = bug.fixedIn[stream];
    if (!fix) continue;
    if (fix.fixedIn) rows.push({ knownBugId: bug.id, stream, fixedIn: fix.fixedIn, isBackport: false });
    for (const backport of fix.backports) rows.push({ knownBugId: bug.id, stream, fixedIn: backport, isBackport: true });
  }
  return rows;
}

/** Writes one bug (its definition and its fix rows) in a transaction. */
export async function saveKnownBug(bug: KnownBug, origin: "catalogue" | "user"): Promise<void> {
  const hash = definitionHash(bug);
  await getDb().$transaction(async (tx) => {
    await tx.knownBug.upsert({
      where: { id: bug.id },
      create: { id: bug.id, title: bug.title, description: bug.description, origin, definition: bug as unknown as Prisma.InputJsonValue, contentHash: hash },
      update: { title: bug.title, description: bug.description, origin, definition: bug as unknown as Prisma.InputJsonValue, contentHash: hash },
    });
    await tx.knownBugFix.deleteMany({ where: { knownBugId: bug.id } });
    await tx.knownBugFix.createMany({ data: fixRows(bug) });
  });
  invalidateKnownBugs();
}

export interface SyncResult {
  written: string[];
  removed: string[];
  rematched: RematchResult | null;
}

/**
 * Brings the database in line with the catalogue files (idempotent: unchanged files write nothing),
 * then re-matches every panic when the content of all known bugs changed since the last match.
 */
export async function syncCatalogue(log: (line: string) => void = () => {}): Promise<SyncResult> {
  const db = getDb();
  const files = loadCatalogue();
  const rows = await db.knownBug.findMany({ select: { id: true, origin: true, contentHash: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const written: string[] = [];
  for (const bug of files) {
    const row = byId.get(bug.id);
    if (row?.origin === "user") {
      log(`known bug ${bug.id}: a bug created in the dashboard has this id; the catalogue file is not applied`);
      continue;
    }
    if (row?.contentHash === definitionHash(bug)) continue;
    await saveKnownBug(bug, "catalogue");
    written.push(bug.id);
  }
  const fileIds = new Set(files.map((b) => b.id));
  const removed = rows.filter((r) => r.origin === "catalogue" && !fileIds.has(r.id)).map((r) => r.id);
  if (removed.length > 0) {
    await db.knownBug.deleteMany({ where: { id: { in: removed } } });
    invalidateKnownBugs();
  }
  if (written.length || removed.length) log(`known-bug catalogue: ${written.length} written, ${removed.length} removed`);

  const rematched = await rematchIfCatalogueChanged(log);
  return { written, removed, rematched };
}

/** Re-matches all panics when the hash of every known bug differs from the one stored at the last match. */
export async function rematchIfCatalogueChanged(log: (line: string) => void = () => {}): Promise<RematchResult | null> {
  const db = getDb();
  invalidateKnownBugs();
  const bugs = await loadKnownBugs();
  const hash = catalogueHash(bugs);
  const stored = await db.appState.findUnique({ where: { key: HASH_KEY } });
  if (stored?.value === hash) return null;
  const result = await rematchPanics(bugs, log);
  const hosts = await refreshHostUpdates();
  log(`needs-update recomputed for ${hosts} hosts`);
  await db.appState.upsert({ where: { key: HASH_KEY }, create: { key: HASH_KEY, value: hash }, update: { value: hash } });
  return result;
}

export interface RematchResult {
  scanned: number;
  changed: number;
}

/**
 * Matches every stored panic again (in id order, a batch at a time, each batch one UPDATE), then lets
 * every signature take the bug most of its panics now match.
 */
export async function rematchPanics(bugs?: readonly KnownBug[], log: (line: string) => void = () => {}): Promise<RematchResult> {
  const db = getDb();
  const catalogue = bugs ?? (await loadKnownBugs());
  let scanned = 0;
  let changed = 0;
  let after = 0n;
  for (;;) {
    const batch = await db.panic.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: REMATCH_BATCH,
      select: { id: true, parsed: true, kernelRelease: true, knownBugId: true, matchRule: true, matchConfidence: true, matchRegression: true },
    });
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    scanned += batch.length;
    const updates: Prisma.Sql[] = [];
    for (const panic of batch) {
      const match = bestMatch(panic.parsed as unknown as CrashReport, panic.kernelRelease, catalogue);
      const next = {
        bug: match?.bugId ?? null,
        rule: match?.rule ?? null,
        confidence: match?.confidence ?? null,
        regression: match?.regression ?? false,
      };
      if (
        next.bug === panic.knownBugId &&
        next.rule === panic.matchRule &&
        next.confidence === panic.matchConfidence &&
        next.regression === panic.matchRegression
      ) {
        continue;
      }
      updates.push(Prisma.sql`(${panic.id}::bigint, ${next.bug}::text, ${next.rule}::text, ${next.confidence}::float8, ${next.regression}::boolean)`);
    }
    if (updates.length > 0) {
      changed += updates.length;
      await db.$executeRaw`
        UPDATE panics AS p SET known_bug_id = v.bug, match_rule = v.rule, match_confidence = v.confidence, match_regression = v.regression
        FROM (VALUES ${Prisma.join(updates)}) AS v(id, bug, rule, confidence, regression)
        WHERE p.id = v.id`;
    }
    log(`re-matching panics: ${scanned} scanned, ${changed} changed`);
  }
  await db.$executeRaw`
    UPDATE signatures AS s SET known_bug_id = m.bug
    FROM (
      SELECT DISTINCT ON (signature_id) signature_id, known_bug_id AS bug
      FROM (SELECT signature_id, known_bug_id, count(*) AS n FROM panics WHERE signature_id IS NOT NULL GROUP BY 1, 2) AS counts
      ORDER BY signature_id, (known_bug_id IS NULL), n DESC
    ) AS m
    WHERE s.id = m.signature_id AND s.known_bug_id IS DISTINCT FROM m.bug`;
  return { scanned, changed };
}
