import { loadEnv } from "../../env";
import { resetDb } from "../../server/db";
import { resolveDatabase } from "../../server/db/resolve";
import { prepareDatabase } from "../../server/startup";
import { rematchPanics } from "../../server/services/catalogue";
import type { CliIo } from "../main";

/**
 * `panicboard rematch`: applies migrations, syncs the catalogue files into the database (which
 * re-matches by itself when the catalogue changed), then, unless that just happened, re-matches every
 * panic and recomputes every host's needs-update verdict: for when matching code rather than data
 * changed.
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
    const prepared = await prepareDatabase(db.url, log);
    const result = prepared.rematched ?? (await rematchPanics(log));
    io.stdout(
      `re-matched ${result.scanned} panics (${result.changed} changed); needs-update recomputed for ${result.hosts} hosts\n`,
    );
    return 0;
  } finally {
    await resetDb();
    await db.stop();
  }
}
