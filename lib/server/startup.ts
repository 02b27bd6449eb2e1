import { applyMigrations } from "./db/migrate";
import { syncCatalogue, type RematchResult } from "./services/catalogue";
import { searchChangelogFixes } from "./services/changelogs";
import { refreshHostUpdatesIfOutdated } from "./services/host-update";

/**
 * What must hold before the app serves a request: every migration applied (idempotent), the
 * known-bug catalogue files synced into the database (re-matching panics when it changed), and every
 * host's needs-update verdict computed by the current rules. Run by the launcher before Next starts,
 * and by instrumentation.ts when Next is started some other way. With `migrate: false`
 * (PANICBOARD_AUTO_MIGRATE=0) the schema is left to `npm run db:migrate`, the rest still happens.
 * Returns the re-match it made, if the catalogue had changed.
 */
export async function prepareDatabase(
  databaseUrl: string,
  log: (line: string) => void = () => {},
  options: { migrate?: boolean } = {},
): Promise<{ rematched: RematchResult | null }> {
  if (options.migrate ?? true) {
    const applied = await applyMigrations(databaseUrl);
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  }
  const sync = await syncCatalogue(log);
  if (sync.rematched)
    log(`re-matched ${sync.rematched.scanned} panics against the known bugs (${sync.rematched.changed} changed)`);
  const refreshed = await refreshHostUpdatesIfOutdated();
  if (refreshed) log(`needs-update recomputed for ${refreshed} hosts (new verdict rules)`);
  return { rematched: sync.rematched };
}

/**
 * Loads the kernel changelog index (bundled changelogs gunzipped and indexed, then the imported
 * builds: about 2 s of CPU) when the server starts, so that no page view waits for it: the panic
 * page's Possible fixes and the best-fix columns of /bugs and the overview need it. A database that
 * does not answer leaves the bundled index loaded; the first page retries the imported builds.
 */
export async function warmChangelogIndex(log: (line: string) => void = () => {}): Promise<void> {
  const started = performance.now();
  try {
    await searchChangelogFixes({ kernel: "2.6.32-431.el6", functions: [] });
    log(`kernel changelog index loaded in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    log(`kernel changelog index: imported builds not read yet (${error instanceof Error ? error.message : error})`);
  }
}
