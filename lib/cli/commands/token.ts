import { loadEnv } from "../../env";
import { resetDb } from "../../server/db";
import { resolveDatabase } from "../../server/db/resolve";
import { ApiError } from "../../server/errors";
import { createApiToken, listApiTokens, revokeApiToken } from "../../server/services/tokens";
import type { CliIo } from "../main";

const USAGE = "usage: panicboard token create --name <label> | token list | token revoke <name>\n";

function nameArg(args: string[]): string | undefined {
  const i = args.indexOf("--name");
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith("--name="))?.slice(7);
}

/** `panicboard token create|list|revoke`: API tokens, on DATABASE_URL or the embedded database. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== "create" && action !== "list" && action !== "revoke") {
    io.stderr(USAGE);
    return 2;
  }
  const name = action === "create" ? nameArg(rest) : rest[0];
  if (action !== "list" && (!name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name))) {
    io.stderr(`panicboard: a token name of letters, digits, '.', '_' or '-' is required\n${USAGE}`);
    return 2;
  }
  const db = await resolveDatabase(loadEnv());
  process.env.DATABASE_URL = db.url;
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
    if (error instanceof ApiError) {
      io.stderr(`panicboard: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await resetDb();
    await db.stop();
  }
}
