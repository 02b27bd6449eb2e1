/**
 * Runs once when the Next server starts. The launcher (npm start / npm run dev) prepares the database
 * before Next starts; when Next is started directly with DATABASE_URL (e.g. `next start` behind a
 * process manager), prepare it here (migrations unless PANICBOARD_AUTO_MIGRATE=0, catalogue sync)
 * so the app never serves an outdated schema or catalogue. Either way, load the kernel changelog
 * index now rather than in the first page view that needs it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const log = (line: string) => console.log(`panicboard: ${line}`);
  const { prepareDatabase, warmChangelogIndex } = await import("./lib/server/startup");
  if (process.env.PANICBOARD_DATABASE_PREPARED !== "1" && process.env.DATABASE_URL) {
    const { loadEnv } = await import("./lib/env");
    await prepareDatabase(process.env.DATABASE_URL, log, { migrate: loadEnv().PANICBOARD_AUTO_MIGRATE });
  }
  // Not awaited: the bundled changelogs load in steps while requests are served (a second or
  // three of CPU), then the imported builds are read from the database.
  void warmChangelogIndex(log);
  // The parse workers start now (a second or so each), not in the first upload.
  const { startParsePool } = await import("./lib/server/parse-pool");
  startParsePool();
}
