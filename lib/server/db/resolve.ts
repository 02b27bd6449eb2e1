import { resolve } from "node:path";
import type { Env } from "../../env";
import { startEmbeddedDatabase } from "./embedded";

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under PANICBOARD_DATA_DIR/pg, started now. */
export async function resolveDatabase(env: Env, log: (line: string) => void = () => {}): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = resolve(env.PANICBOARD_DATA_DIR, "pg");
  const db = await startEmbeddedDatabase({ dataDir, port: env.PANICBOARD_EMBEDDED_PG_PORT, log });
  log(`embedded PostgreSQL on 127.0.0.1:${db.port} (data in ${dataDir})`);
  return { url: db.url, embedded: true, stop: db.stop };
}
