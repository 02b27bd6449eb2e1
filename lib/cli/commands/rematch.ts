import { loadEnv } from "../../env";
import { resetDb } from "../../server/db";
import { resolveDatabase } from "../../server/db/resolve";
import { prepareDatabase } from "../../server/startup";
import { refreshHostUpdates } from "../../server/services/host-update";
import { rematchPanics } from "../../server/services/catalogue";
import type { CliIo } from "../main";

/**
 * `panicboard rematch`: applies migrations, syncs the catalogue files into the database (which
 * re-matches by itself when the catalogue changed), then re-matches every panic and recomputes every
 * host's needs-update verdict regardless, for when matching code rather than data changed.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0 && args[0] !== "--help") {
    io.stderr("usage: panicboard rematch\n");
    return 2;
  }
  if (args[0] === "--help") {
    io.stdout("usage: panicboard rematch   (re-match every stored panic against the known bugs)\n");
    return 0;
  }
  const db = await resolveDatabase(loadEnv());
  process.env.DATABASE_URL = db.url;
  try {
    const log = (line: string) => io.stderr(`${line}\n`);
    await prepareDatabase(db.url, log);
    const result = await rematchPanics(undefined, log);
    const hosts = await refreshHostUpdates();
    io.stdout(`re-matched ${result.scanned} panics (${result.changed} changed); needs-update recomputed for ${hosts} hosts\n`);
    return 0;
  } finally {
    await resetDb();
    await db.stop();
  }
}
