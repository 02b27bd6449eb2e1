import { computeHostUpdate, type KnownBug } from "../../kb";
import { getDb, Prisma } from "../db";
import { loadKnownBugs } from "./matching";

const BATCH = 1_000;

interface HostRow {
  id: number;
  current_kernel: string | null;
  bug_ids: string[] | null;
}

export interface HostVerdict {
  needs: boolean;
  /** The kernel that fixes every bug the host panicked on. */
  target: string | null;
  /** The kernel that also fixes its exposures. */
  hardening: string | null;
  open: string[];
  exposure: string[];
  blockers: string[];
}

/** What the hosts table stores of lib/kb's computeHostUpdate for a host's current kernel and panicked bugs. */
export function computeVerdict(
  currentKernel: string | null,
  panickedBugIds: readonly string[],
  bugs: readonly KnownBug[],
): HostVerdict {
  if (!currentKernel) return { needs: false, target: null, hardening: null, open: [], exposure: [], blockers: [] };
  const update = computeHostUpdate({ currentKernel, panickedBugIds }, bugs);
  return {
    needs: update.needsUpdate,
    target: update.panicTarget,
    hardening: update.recommendedTarget,
    open: update.panicked.map((i) => i.bugId),
    exposure: update.exposure.map((i) => i.bugId),
    blockers: update.blockers.map((i) => i.bugId),
  };
}

/**
 * Recomputes the stored "needs update" verdict (lib/kb computeHostUpdate) of the given hosts, or of
 * every host when `hostIds` is omitted, a batch at a time with one UPDATE per batch; by `bugs` when
 * the caller has just loaded the catalogue (a re-match), else by the cached catalogue.
 */
export async function refreshHostUpdates(
  hostIds?: readonly number[],
  catalogue?: readonly KnownBug[],
): Promise<number> {
  const db = getDb();
  // What the verdicts were marked as when this pass began: a full pass records VERDICT_VERSION only
  // if nobody marked them outdated again meanwhile (a bug created while this pass ran).
  const marker = hostIds ? null : ((await db.appState.findUnique({ where: { key: VERDICT_KEY } }))?.value ?? null);
  const bugs = catalogue ?? (await loadKnownBugs());
  let done = 0;
  let after = 0;
  for (;;) {
    const filter = hostIds ? Prisma.sql`h.id = ANY(${[...hostIds]}::int[])` : Prisma.sql`h.id > ${after}`;
    // Lock the batch's host rows first (as ingestion does), then read their panics in a second
    // statement: under READ COMMITTED it takes a snapshot after the locks are held, so a panic whose
    // upload held a lock we waited for is counted, and its verdict cannot be overwritten without it.
    const rows = await db.$transaction(
      async (tx) => {
        const ids = await tx.$queryRaw<{ id: number }[]>`
        SELECT h.id FROM hosts h WHERE ${filter} ORDER BY h.id LIMIT ${hostIds ? hostIds.length : BATCH} FOR UPDATE OF h`;
        if (ids.length === 0) return [];
        const locked = await tx.$queryRaw<HostRow[]>`
        SELECT h.id, h.current_kernel,
          (SELECT array_agg(DISTINCT p.known_bug_id) FROM panics p WHERE p.host_id = h.id AND p.known_bug_id IS NOT NULL) AS bug_ids
        FROM hosts h WHERE h.id = ANY(${ids.map((r) => r.id)}::int[]) ORDER BY h.id`;
        if (locked.length === 0) return locked;
        const values = locked.map((row) => {
          const v = computeVerdict(row.current_kernel, row.bug_ids ?? [], bugs);
          return Prisma.sql`(${row.id}::int, ${v.needs}::boolean, ${v.target}::text, ${v.hardening}::text, ${v.open}::text[], ${v.exposure}::text[], ${v.blockers}::text[])`;
        });
        await tx.$executeRaw`
        UPDATE hosts AS h SET needs_update = v.needs, target_kernel = v.target, hardening_kernel = v.hardening, open_bug_ids = v.open,
          exposure_bug_ids = v.exposure, blocker_bug_ids = v.blockers, update_computed_at = now()
        FROM (VALUES ${Prisma.join(values)}) AS v(id, needs, target, hardening, open, exposure, blockers)
        WHERE h.id = v.id`;
        return locked;
      },
      { timeout: 120_000 },
    );
    if (rows.length === 0) break;
    done += rows.length;
    if (hostIds) break;
    after = rows[rows.length - 1]!.id;
  }
  // Every host now holds a verdict by the current rules, whoever asked for the full pass.
  if (!hostIds) await recordVerdictVersion(marker);
  return done;
}

/** Bump when computeVerdict's meaning changes: start-up then recomputes every host's stored verdict. */
const VERDICT_VERSION = "2";
const VERDICT_KEY = "host_verdict_version";

/** Records VERDICT_VERSION, unless the stored marker is no longer `expected` (null: it was absent). */
async function recordVerdictVersion(expected: string | null): Promise<void> {
  const db = getDb();
  if (expected === null) {
    await db.appState.createMany({ data: [{ key: VERDICT_KEY, value: VERDICT_VERSION }], skipDuplicates: true });
  } else {
    await db.appState.updateMany({ where: { key: VERDICT_KEY, value: expected }, data: { value: VERDICT_VERSION } });
  }
}

/**
 * Marks every host's verdict as outdated: the next `refreshHostUpdatesIfOutdated` (right after a
 * known bug is created, or at start-up) recomputes them all. Each mark is unique, so that a full pass
 * already running (with the catalogue before this change) does not clear it when it ends.
 */
export async function markHostUpdatesOutdated(): Promise<void> {
  const value = `outdated ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 10)}`;
  await getDb().appState.upsert({
    where: { key: VERDICT_KEY },
    create: { key: VERDICT_KEY, value },
    update: { value },
  });
}

/**
 * Recomputes every host's verdict when it was stored by an older VERDICT_VERSION (a full pass made
 * for another reason, e.g. after re-matching, counts too); returns the hosts done.
 */
export async function refreshHostUpdatesIfOutdated(): Promise<number> {
  const stored = await getDb().appState.findUnique({ where: { key: VERDICT_KEY } });
  if (stored?.value === VERDICT_VERSION) return 0;
  return refreshHostUpdates();
}
