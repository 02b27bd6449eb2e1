/**
 * Runs once when the Next server starts. The launcher (npm start / npm run dev) prepares the database
 * before Next starts; when Next is started directly with DATABASE_URL (e.g. `next start` behind a
 * process manager), prepare it here (migrations unless PANICBOARD_AUTO_MIGRATE=0, catalogue sync)
 * so the app never serves an outdated schema or catalogue.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.PANICBOARD_DATABASE_PREPARED === "1" || !process.env.DATABASE_URL) return;
  const { loadEnv } = await import("./lib/env");
  const { prepareDatabase } = await import("./lib/server/startup");
  await prepareDatabase(process.env.DATABASE_URL, (line) => console.log(`panicboard: ${line}`), {
    migrate: loadEnv().PANICBOARD_AUTO_MIGRATE,
  });
}
