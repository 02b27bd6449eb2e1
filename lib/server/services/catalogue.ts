import { createHash } from "node:crypto";
import type { CrashReport } from "../../crash";
import { bestMatch, canonicalJson, catalogueHash, KB_STREAMS, loadCatalogue, type KnownBug } from "../../kb";
import { loadEnv } from "../../env";
import { getDb, getPool, Prisma } from "../db";
import { isRetryableConflict } from "../db/pg-errors";
import { AppError } from "../errors";
import { markHostUpdatesOutdated, refreshHostUpdates } from "./host-update";
import { CATALOGUE_LOCK, invalidateKnownBugs, loadKnownBugs } from "./matching";

const HASH_KEY = "catalogue_hash";
const REMATCH_BATCH = 2_000;

/**
 * Held (session advisory lock, on a connection of its own) by whatever writes the catalogue or
 * re-matches: a catalogue sync at start-up, a bug created in the dashboard, `panicboard rematch`.
 * One at a time, across processes, so that a re-match always works from the catalogue as the last
 * change left it and its "matched against" hash cannot cover a change it never read.
 */
const CATALOGUE_WRITE_LOCK = 482_049_272_164;

async function withCatalogueWriteLock<T>(work: () => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [CATALOGUE_WRITE_LOCK]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [CATALOGUE_WRITE_LOCK]);
    }
  } finally {
    client.release();
  }
}

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
    for (const backport of fix.backports)
      rows.push({ knownBugId: bug.id, stream, fixedIn: backport, isBackport: true });
  }
  return rows;
}

type Tx = Prisma.TransactionClient;

/** Writes one bug (its definition and its fix rows); `create` refuses an id that exists. */
/**
 * Deleting a known bug sets signatures.known_bug_id and panics.known_bug_id to NULL (ON DELETE SET NULL):
 * the signature rows are locked at once, and the panics' rollup triggers run at COMMIT. An upload takes
 * the rollups first and its signature last, so the two would lock in opposite orders and could deadlock.
 * A transaction that deletes known bugs calls this first: CATALOGUE_LOCK exclusively waits for the
 * uploads in flight (each holds it shared) and holds new ones back until it commits.
 */
async function holdUploadsBack(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS held FROM (SELECT pg_advisory_xact_lock(${CATALOGUE_LOCK}::bigint)) AS lock`;
}

async function writeBug(tx: Tx, bug: KnownBug, origin: "catalogue" | "user", mode: "upsert" | "create"): Promise<void> {
  const hash = definitionHash(bug);
  const row = {
    title: bug.title,
    description: bug.description,
    origin,
    definition: bug as unknown as Prisma.InputJsonValue,
    contentHash: hash,
  };
  if (mode === "create") await tx.knownBug.create({ data: { id: bug.id, ...row } });
  else await tx.knownBug.upsert({ where: { id: bug.id }, create: { id: bug.id, ...row }, update: row });
  await tx.knownBugFix.deleteMany({ where: { knownBugId: bug.id } });
  await tx.knownBugFix.createMany({ data: fixRows(bug) });
}

/** Writes one bug (its definition and its fix rows) in a transaction. */
export async function saveKnownBug(bug: KnownBug, origin: "catalogue" | "user"): Promise<void> {
  await getDb().$transaction((tx) => writeBug(tx, bug, origin, "upsert"));
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
  return withCatalogueWriteLock(async () => {
    const db = getDb();
    const excluded = new Set(loadEnv().PANICBOARD_CATALOGUE_EXCLUDE);
    const files = loadCatalogue().filter((bug) => !excluded.has(bug.id));
    if (excluded.size)
      log(`known-bug catalogue: leaving out ${[...excluded].join(", ")} (PANICBOARD_CATALOGUE_EXCLUDE)`);
    const rows = await db.knownBug.findMany({ select: { id: true, origin: true, contentHash: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const changed: KnownBug[] = [];
    for (const bug of files) {
      const row = byId.get(bug.id);
      if (row?.origin === "user") {
        log(`known bug ${bug.id}: a bug created in the dashboard has this id; the catalogue file is not applied`);
        continue;
      }
      if (row?.contentHash !== definitionHash(bug)) changed.push(bug);
    }
    const fileIds = new Set(files.map((b) => b.id));
    const removed = rows.filter((r) => r.origin === "catalogue" && !fileIds.has(r.id)).map((r) => r.id);
    if (changed.length || removed.length) {
      // One transaction: uploads see the whole change at once (one catalogue version), or none of it.
      await db.$transaction(
        async (tx) => {
          if (removed.length) await holdUploadsBack(tx);
          for (const bug of changed) await writeBug(tx, bug, "catalogue", "upsert");
          if (removed.length) await tx.knownBug.deleteMany({ where: { id: { in: removed } } });
        },
        { timeout: 60_000 },
      );
      invalidateKnownBugs();
      log(`known-bug catalogue: ${changed.length} written, ${removed.length} removed`);
    }
    const rematched = await rematchIfChanged(log);
    return { written: changed.map((b) => b.id), removed, rematched };
  });
}

/** Re-matches all panics when the hash of every known bug differs from the one stored at the last match. */
export async function rematchIfCatalogueChanged(log: (line: string) => void = () => {}): Promise<RematchResult | null> {
  return withCatalogueWriteLock(() => rematchIfChanged(log));
}

async function rematchIfChanged(log: (line: string) => void): Promise<RematchResult | null> {
  const db = getDb();
  invalidateKnownBugs();
  const bugs = await loadKnownBugs();
  const hash = catalogueHash(bugs);
  const stored = await db.appState.findUnique({ where: { key: HASH_KEY } });
  if (stored?.value === hash) return null;
  const { scanned, changed } = await rematch(bugs, null, log);
  const hosts = await refreshHostUpdates(undefined, bugs);
  log(`needs-update recomputed for ${hosts} hosts`);
  await db.appState.upsert({
    where: { key: HASH_KEY },
    create: { key: HASH_KEY, value: hash },
    update: { value: hash },
  });
  return { scanned, changed, hosts };
}

interface RollupKey {
  hostId: number;
  kernel: string;
  bugKey: string;
  release: string;
}

/**
 * Sets first_at/last_at of the given panic_rollups rows from the panics they still count. Each batch
 * locks its rows first and reads the panics in a second statement, whose snapshot then includes any
 * upload that held one of the rows (its trigger fires at commit) while we waited.
 */
async function recomputeRollupSpans(keys: readonly RollupKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += REMATCH_BATCH) {
    const values = keys
      .slice(i, i + REMATCH_BATCH)
      .map((k) => Prisma.sql`(${k.hostId}::int, ${k.kernel}::text, ${k.bugKey}::text, ${k.release}::text)`);
    await getDb().$transaction(
      async (tx) => {
        await tx.$queryRaw`
        SELECT 1 FROM panic_rollups r JOIN (VALUES ${Prisma.join(values)}) AS k(host_id, kernel_release, bug_key, rhel_release)
          ON r.host_id = k.host_id AND r.kernel_release = k.kernel_release AND r.bug_key = k.bug_key AND r.rhel_release = k.rhel_release
        ORDER BY r.host_id, r.kernel_release, r.bug_key, r.rhel_release FOR UPDATE OF r`;
        await tx.$executeRaw`
        UPDATE panic_rollups AS r SET first_at = span.first, last_at = span.last
        FROM (VALUES ${Prisma.join(values)}) AS k(host_id, kernel_release, bug_key, rhel_release)
        CROSS JOIN LATERAL (
          SELECT min(p.crash_time) AS first, max(p.crash_time) AS last FROM panics p
          WHERE p.host_id = k.host_id AND coalesce(p.kernel_release, '') = k.kernel_release AND coalesce(p.known_bug_id, '') = k.bug_key
            AND coalesce(p.rhel_release, '') = k.rhel_release
        ) AS span
        WHERE r.host_id = k.host_id AND r.kernel_release = k.kernel_release AND r.bug_key = k.bug_key AND r.rhel_release = k.rhel_release
          AND span.first IS NOT NULL AND (r.first_at, r.last_at) IS DISTINCT FROM (span.first, span.last)`;
      },
      { timeout: 120_000 },
    );
  }
}

export interface RematchResult {
  scanned: number;
  changed: number;
  /** Hosts whose needs-update verdict was recomputed afterwards. */
  hosts: number;
}

interface PanicToMatch {
  id: bigint;
  host_id: number;
  signature_id: number | null;
  parsed: unknown;
  kernel_release: string | null;
  rhel_release: string | null;
  known_bug_id: string | null;
  match_rule: string | null;
  match_confidence: number | null;
  match_regression: boolean;
}

/** The text a pattern matches when it is `^literal$` (metacharacters escaped), else null. */
export function anchoredLiteral(pattern: string): string | null {
  if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) return null;
  let literal = "";
  const inner = pattern.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === "\\") {
      const next = inner[++i];
      // `\.` is a dot; `\d`, `\s`, `\b` and the like are classes, not literals.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      literal += next;
    } else if (".*+?()[]{}|^$".includes(c)) {
      return null;
    } else {
      literal += c;
    }
  }
  return literal;
}

/**
 * SQL that keeps every panic one of the bug's rules could match: a superset, the matcher decides. A
 * rule's crash kinds are a column; so is the title, which an exact `^title$` pattern must equal (a
 * stored title is the report's, or its message when it has none); each function it names must occur
 * in the stored report (a normalized name such as `tcp_v4_err` is part of the printed
 * `tcp_v4_err.cold`, and `_` in LIKE matches itself too). Null when some rule states none of these
 * (other patterns cannot be narrowed in SQL): then every panic is a candidate.
 */
export function candidatesOf(bug: KnownBug): Prisma.Sql | null {
  const rules: Prisma.Sql[] = [];
  for (const rule of bug.match) {
    const conditions: Prisma.Sql[] = [];
    const title = rule.titlePattern === undefined ? null : anchoredLiteral(rule.titlePattern);
    if (title !== null) conditions.push(Prisma.sql`p.title = ${title}`);
    if (rule.kinds) conditions.push(Prisma.sql`p.kind = ANY(${[...rule.kinds]}::text[])`);
    if (rule.functions)
      conditions.push(Prisma.sql`p.parsed::text LIKE ANY(${rule.functions.map((f) => `%${f}%`)}::text[])`);
    for (const name of rule.callTrace ?? []) conditions.push(Prisma.sql`p.parsed::text LIKE ${`%${name}%`}`);
    if (conditions.length === 0) return null;
    rules.push(Prisma.sql`(${Prisma.join(conditions, " AND ")})`);
  }
  return rules.length > 0 ? Prisma.sql`(${Prisma.join(rules, " OR ")})` : Prisma.sql`false`;
}

/**
 * Matches stored panics again against `bugs` (in id order, a batch at a time, each batch one UPDATE):
 * every panic, or those that `where` keeps. Then lets each signature whose panics moved take the bug
 * most of its panics now match, and fixes the first/last crash of the rollup rows panics left.
 * Returns the counts and the hosts whose panics changed.
 */
async function rematch(bugs: readonly KnownBug[], where: Prisma.Sql | null, log: (line: string) => void) {
  const db = getDb();
  const filter = where ?? Prisma.sql`true`;
  let scanned = 0;
  let changed = 0;
  let after = 0n;
  const hosts = new Set<number>();
  const signatures = new Set<number>();
  // The rollup rows that panics moved out of: the triggers lower their counts, but their first and
  // last crash times can only be recomputed from the panics that remain.
  const leftRollups = new Map<string, RollupKey>();
  // Wait for the uploads in flight: any of them may have matched with the catalogue before the
  // change that brought us here, and must be committed (and so in the scan) before it starts.
  await db.$queryRaw`SELECT 1 AS waited FROM (SELECT pg_advisory_xact_lock(${CATALOGUE_LOCK}::bigint)) AS barrier`;
  for (;;) {
    const batch = await db.$queryRaw<PanicToMatch[]>`
      SELECT p.id, p.host_id, p.signature_id, p.parsed, p.kernel_release, p.rhel_release, p.known_bug_id, p.match_rule, p.match_confidence,
        p.match_regression
      FROM panics p WHERE p.id > ${after} AND ${filter} ORDER BY p.id LIMIT ${REMATCH_BATCH}`;
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    scanned += batch.length;
    const updates: Prisma.Sql[] = [];
    for (const panic of batch) {
      const match = bestMatch(panic.parsed as CrashReport, panic.kernel_release, bugs);
      const next = {
        bug: match?.bugId ?? null,
        rule: match?.rule ?? null,
        confidence: match?.confidence ?? null,
        regression: match?.regression ?? false,
      };
      if (
        next.bug === panic.known_bug_id &&
        next.rule === panic.match_rule &&
        next.confidence === panic.match_confidence &&
        next.regression === panic.match_regression
      ) {
        continue;
      }
      if (next.bug !== panic.known_bug_id) {
        const left = {
          hostId: panic.host_id,
          kernel: panic.kernel_release ?? "",
          bugKey: panic.known_bug_id ?? "",
          release: panic.rhel_release ?? "",
        };
        leftRollups.set(`${left.hostId}\u0000${left.kernel}\u0000${left.bugKey}\u0000${left.release}`, left);
        hosts.add(panic.host_id);
        if (panic.signature_id !== null) signatures.add(panic.signature_id);
      }
      updates.push(
        Prisma.sql`(${panic.id}::bigint, ${next.bug}::text, ${next.rule}::text, ${next.confidence}::float8, ${next.regression}::boolean)`,
      );
    }
    if (updates.length > 0) {
      changed += updates.length;
      // Its rollup triggers fire at commit, over many rows an upload's commit may also need: a
      // deadlock with one is retried (the upload's side retries too).
      for (let attempt = 1; ; attempt++) {
        try {
          await db.$executeRaw`
            UPDATE panics AS p SET known_bug_id = v.bug, match_rule = v.rule, match_confidence = v.confidence, match_regression = v.regression
            FROM (VALUES ${Prisma.join(updates)}) AS v(id, bug, rule, confidence, regression)
            WHERE p.id = v.id`;
          break;
        } catch (error) {
          if (attempt >= 5 || !isRetryableConflict(error)) throw error;
        }
      }
    }
    log(`re-matching panics: ${scanned} scanned, ${changed} changed`);
  }
  await recomputeRollupSpans([...leftRollups.values()]);
  // A full pass settles every signature (also ones left inconsistent by an earlier crash); a narrowed
  // pass only those whose panics moved.
  const scope = where === null ? Prisma.sql`true` : Prisma.sql`signature_id = ANY(${[...signatures]}::int[])`;
  if (where === null || signatures.size > 0) {
    await db.$executeRaw`
      UPDATE signatures AS s SET known_bug_id = m.bug
      FROM (
        SELECT DISTINCT ON (signature_id) signature_id, known_bug_id AS bug
        FROM (SELECT signature_id, known_bug_id, count(*) AS n FROM panics WHERE signature_id IS NOT NULL AND ${scope} GROUP BY 1, 2) AS counts
        ORDER BY signature_id, (known_bug_id IS NULL), n DESC
      ) AS m
      WHERE s.id = m.signature_id AND s.known_bug_id IS DISTINCT FROM m.bug`;
  }
  return { scanned, changed, hosts: [...hosts] };
}

/**
 * Matches every stored panic again against the catalogue as it is, settles the signatures (see
 * `rematch`) and recomputes every host's verdict: for when the matching code rather than the
 * catalogue changed.
 */
export async function rematchPanics(log: (line: string) => void = () => {}): Promise<RematchResult> {
  return withCatalogueWriteLock(async () => {
    invalidateKnownBugs();
    const bugs = await loadKnownBugs();
    const { scanned, changed } = await rematch(bugs, null, log);
    return { scanned, changed, hosts: await refreshHostUpdates(undefined, bugs) };
  });
}

/**
 * Saves a bug created in the dashboard (409 when its id is taken) and moves to it the panics it
 * matches. When every stored panic was matched against the catalogue as it stood, only the panics the
 * new bug's rules could match are read again (see `candidatesOf`: a full pass reads every stored
 * panic) and the verdicts of their hosts are recomputed at once; the other hosts' verdicts (a new bug
 * may widen their exposure) are marked outdated, for `refreshHostUpdatesIfOutdated` to recompute
 * after the answer is sent, or at the next start if the process stops first. Otherwise this is the
 * full re-match that start-up would do.
 */
export async function addKnownBug(bug: KnownBug, log: (line: string) => void = () => {}): Promise<RematchResult> {
  return withCatalogueWriteLock(async () => {
    const db = getDb();
    invalidateKnownBugs();
    const stored = await db.appState.findUnique({ where: { key: HASH_KEY } });
    const inStep = stored?.value === catalogueHash(await loadKnownBugs());
    try {
      await db.$transaction((tx) => writeBug(tx, bug, "user", "create"));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new AppError("conflict", `A known bug with the id ${bug.id} exists already; choose another id`);
      }
      throw error;
    }
    invalidateKnownBugs();
    if (!inStep) return (await rematchIfChanged(log)) ?? { scanned: 0, changed: 0, hosts: 0 };
    const bugs = await loadKnownBugs();
    const { scanned, changed, hosts } = await rematch(bugs, candidatesOf(bug), log);
    await markHostUpdatesOutdated();
    for (let i = 0; i < hosts.length; i += 1_000) await refreshHostUpdates(hosts.slice(i, i + 1_000), bugs);
    await db.appState.upsert({
      where: { key: HASH_KEY },
      create: { key: HASH_KEY, value: catalogueHash(bugs) },
      update: { value: catalogueHash(bugs) },
    });
    return { scanned, changed, hosts: hosts.length };
  });
}

/**
 * Edits (`next`) or deletes (`null`) a bug created in the dashboard; a catalogue bug is refused (its
 * file in lib/kb/bugs is the definition, and the next sync would undo the change). Re-matches like
 * `addKnownBug`: the panics the bug holds and those its new rules could match are read again, the
 * verdicts of the hosts with panics on it (its fixed-in may have changed) or moved are recomputed at
 * once and every other host's marked outdated. A deletion first moves the bug's panics to the other
 * bugs, then removes it. Returns the definition as it was.
 */
export async function replaceUserKnownBug(
  id: string,
  next: KnownBug | null,
  log: (line: string) => void = () => {},
): Promise<{ before: KnownBug; rematched: RematchResult }> {
  return withCatalogueWriteLock(async () => {
    const db = getDb();
    const row = await db.knownBug.findUnique({ where: { id }, select: { origin: true, definition: true } });
    if (!row) throw new AppError("not_found", `No known bug ${id}`);
    if (row.origin !== "user") {
      throw new AppError("conflict", `${id} comes from the catalogue (lib/kb/bugs): change its file instead`);
    }
    if (next && next.id !== id) throw new AppError("validation_failed", "A known bug's id cannot change");
    const before = row.definition as unknown as KnownBug;
    invalidateKnownBugs();
    const stored = await db.appState.findUnique({ where: { key: HASH_KEY } });
    const inStep = stored?.value === catalogueHash(await loadKnownBugs());
    const held = Prisma.sql`p.known_bug_id = ${id}`;
    let moved: number[] = [];
    let scanned = 0;
    let changed = 0;
    if (next) {
      await db.$transaction((tx) => writeBug(tx, next, "user", "upsert"));
      invalidateKnownBugs();
    } else if (inStep) {
      ({
        scanned,
        changed,
        hosts: moved,
      } = await rematch(
        (await loadKnownBugs()).filter((b) => b.id !== id),
        held,
        log,
      ));
    }
    const hostsOf = async () =>
      (await db.panic.findMany({ where: { knownBugId: id }, distinct: ["hostId"], select: { hostId: true } })).map(
        (p) => p.hostId,
      );
    const holding = next ? await hostsOf() : [];
    if (!next) {
      await db.$transaction(async (tx) => {
        await holdUploadsBack(tx);
        await tx.knownBug.delete({ where: { id } });
      });
      invalidateKnownBugs();
    }
    if (!inStep) return { before, rematched: (await rematchIfChanged(log)) ?? { scanned: 0, changed: 0, hosts: 0 } };
    const bugs = await loadKnownBugs();
    if (next) {
      const candidates = candidatesOf(next);
      ({
        scanned,
        changed,
        hosts: moved,
      } = await rematch(bugs, candidates ? Prisma.sql`(${held} OR ${candidates})` : null, log));
    }
    const hosts = [...new Set([...moved, ...holding, ...(next ? await hostsOf() : [])])];
    await markHostUpdatesOutdated();
    for (let i = 0; i < hosts.length; i += 1_000) await refreshHostUpdates(hosts.slice(i, i + 1_000), bugs);
    await db.appState.upsert({
      where: { key: HASH_KEY },
      create: { key: HASH_KEY, value: catalogueHash(bugs) },
      update: { value: catalogueHash(bugs) },
    });
    return { before, rematched: { scanned, changed, hosts: hosts.length } };
  });
}
