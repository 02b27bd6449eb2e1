import { loadEnv } from "../../env";
import { applyMigrations } from "../../server/db/migrate";
import { readMigrationStatus } from "../../server/db/migration-status";
import { AppError } from "../../server/errors";
import { createApiToken, listApiTokens, revokeApiToken } from "../../server/services/tokens";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";
import { withDatabase } from "../with-database";

const USAGE = "usage: panicboard token create --name <label> | token list | token revoke <name>\n";

/**
 * Tokens live in a table the migrations create, and a fresh database (the embedded one before the
 * dashboard's first start) has none: apply them as the dashboard would, or say in one line what to run.
 */
async function ensureSchema(url: string, io: CliIo): Promise<boolean> {
  const status = await readMigrationStatus(url);
  if (!status.reachable) {
    io.stderr(`panicboard: cannot reach the database (${status.error ?? "no answer"}); check DATABASE_URL\n`);
    return false;
  }
  if (status.pending.length === 0) return true;
  if (!loadEnv().PANICBOARD_AUTO_MIGRATE) {
    io.stderr(
      `panicboard: the database lacks ${status.pending.length} migration(s) and PANICBOARD_AUTO_MIGRATE=0: run npm run db:migrate first\n`,
    );
    return false;
  }
  const applied = await applyMigrations(url);
  io.stderr(`panicboard: applied ${applied.length} pending migration(s) to the database first\n`);
  return true;
}

/** `panicboard token create|list|revoke`: API tokens, on DATABASE_URL or the embedded database. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { name: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if ("error" in parsed) {
    io.stderr(`panicboard token: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [action, operand] = parsed.positionals;
  if (action !== "create" && action !== "list" && action !== "revoke") {
    io.stderr(USAGE);
    return 2;
  }
  const name = action === "create" ? parsed.values.name : operand;
  if (action !== "list" && (!name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name))) {
    io.stderr(`panicboard: a token name of letters, digits, '.', '_' or '-' is required\n${USAGE}`);
    return 2;
  }
  return withDatabase(async (url) => {
    if (!(await ensureSchema(url, io))) return 1;
    try {
      if (action === "create") {
        const created = await createApiToken(name!);
        io.stdout(`${created.token}\n`);
        io.stderr(
          `Created token '${created.name}'. It is shown only this once: store it now (e.g. in /etc/panicboard/token).\n`,
        );
        return 0;
      }
      if (action === "revoke") {
        if (await revokeApiToken(name!)) {
          io.stdout(`Revoked token '${name}'.\n`);
          return 0;
        }
        io.stderr(`panicboard: no active token named '${name}'\n`);
        return 1;
      }
      const tokens = await listApiTokens();
      if (tokens.length === 0) io.stdout("No tokens. Create one with: npx panicboard token create --name <label>\n");
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
        io.stdout(`${t.name}\t${t.prefix}…\t${state}\tcreated ${t.createdAt.toISOString()}\t${used}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof AppError) {
        io.stderr(`panicboard: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
}
