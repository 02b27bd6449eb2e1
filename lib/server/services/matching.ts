import { knownBugSchema, type KnownBug } from "../../kb";
import { getDb } from "../db";
import { processState } from "../process-state";

/**
 * The advisory lock between ingestion and re-matching: each upload holds it shared for its whole
 * transaction; a re-match takes it exclusively, once, after the catalogue change it re-matches for is
 * committed, so that every upload that might have matched with the old catalogue has finished (and
 * is in the re-match's scan) before the scan starts.
 */
export const CATALOGUE_LOCK = 482_049_272_163;

/** The catalogue's version (app_state, bumped by a trigger on every change to known_bugs). */
export const CATALOGUE_VERSION_KEY = "catalogue_version";

export interface VersionedBugs {
  bugs: KnownBug[];
  version: string;
}

const CACHE_MS = 5_000;
/** Per process (processState), so that an edit in the dashboard clears the cache the upload route reads too. */
const known = processState("known-bugs", () => ({
  cache: null as (VersionedBugs & { at: number }) | null,
  /** Bumped by every invalidation: a load that began before one must not refill the cache after it. */
  generation: 0,
}));

/** Every known bug in the database (catalogue files and dashboard-created), validated; cached briefly. */
export async function loadKnownBugs(): Promise<KnownBug[]> {
  return (await loadVersionedBugs()).bugs;
}

/**
 * The known bugs with the version they belong to. The version is read first: a change committed in
 * between then labels new bugs with the old version (an upload retries once for nothing), never the
 * other way round.
 */
export async function loadVersionedBugs(): Promise<VersionedBugs> {
  const { cache } = known;
  if (cache && Date.now() - cache.at < CACHE_MS) return cache;
  const started = known.generation;
  const db = getDb();
  const version =
    (await db.appState.findUnique({ where: { key: CATALOGUE_VERSION_KEY }, select: { value: true } }))?.value ?? "";
  const rows = await db.knownBug.findMany({ select: { id: true, definition: true }, orderBy: { id: "asc" } });
  const bugs: KnownBug[] = [];
  for (const row of rows) {
    const parsed = knownBugSchema.safeParse(row.definition);
    if (parsed.success) bugs.push(parsed.data);
    else
      console.error(
        `panicboard: known bug ${row.id} in the database is invalid and is skipped: ${parsed.error.message}`,
      );
  }
  const loaded = { bugs, version, at: Date.now() };
  if (known.generation === started) known.cache = loaded;
  return loaded;
}

export function invalidateKnownBugs(): void {
  known.cache = null;
  known.generation++;
}
