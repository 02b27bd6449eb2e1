import { prepareDatabase } from "../../server/startup";
import { rematchPanics } from "../../server/services/catalogue";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";
import { withDatabase } from "../with-database";

/**
 * `panicboard rematch`: applies migrations, syncs the catalogue files into the database (which
 * re-matches by itself when the catalogue changed), then, unless that just happened, re-matches every
 * panic and recomputes every host's needs-update verdict: for when matching code rather than data
 * changed.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({ args, options: { help: { type: "boolean", short: "h", default: false } } });
  if ("error" in parsed) {
    io.stderr("usage: panicboard rematch\n");
    return 2;
  }
  if (parsed.values.help) {
    io.stdout("usage: panicboard rematch   (re-match every stored panic against the known bugs)\n");
    return 0;
  }
  return withDatabase(async (url) => {
    const log = (line: string) => io.stderr(`${line}\n`);
    const prepared = await prepareDatabase(url, log);
    const result = prepared.rematched ?? (await rematchPanics(log));
    io.stdout(
      `re-matched ${result.scanned} panics (${result.changed} changed); needs-update recomputed for ${result.hosts} hosts\n`,
    );
    return 0;
  });
}
