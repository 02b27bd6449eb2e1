import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma/client";
import { resetReplica } from "./db/replica";
import { processState } from "./process-state";

/**
 * The one Prisma client of the process and the one connection pool under it, kept once per process
 * (processState) so that Next's dev reloads and a second copy of this module share them. DATABASE_URL is set by the launcher
 * (scripts/serve.ts) to the embedded PostgreSQL when the user gave none. Writes and reads that decide
 * writes use it; page and API reads take getReadDb() (db/read.ts), which is a streaming replica when
 * DATABASE_READ_URL is set (db/replica.ts).
 */
const shared = processState("database", () => ({
  prisma: undefined as PrismaClient | undefined,
  pool: undefined as pg.Pool | undefined,
}));

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set: start the dashboard with `npm start` (embedded PostgreSQL) or set DATABASE_URL",
    );
  }
  return url;
}

/**
 * The pool itself, for the one hot path that runs plain SQL on it (ingestion, where Prisma's
 * per-query overhead showed in the upload benchmark). Everything else goes through getDb().
 * Connections pipeline: a query issued before the previous one answered goes out at once instead of
 * waiting, which lets ingestion send BEGIN with its first statement and COMMIT with its last.
 * Callers that await each query, as Prisma does, see no difference.
 */
export function getPool(): pg.Pool {
  if (!shared.pool) {
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: Number(process.env.PANICBOARD_DB_POOL_SIZE ?? 10),
      pipeline: true,
    });
    // An idle connection that the server ends (a restart) is dropped by the pool, which then emits
    // 'error': unheard, that would end the process. Prisma listens only once it has connected.
    pool.on("error", (error) => console.error(`panicboard: an idle database connection closed: ${error.message}`));
    shared.pool = pool;
  }
  return shared.pool;
}

export function getDb(): PrismaClient {
  shared.prisma ??= new PrismaClient({ adapter: new PrismaPg(getPool()) });
  return shared.prisma;
}

/** For tests and scripts that point the process at another database. */
export async function resetDb(): Promise<void> {
  const { prisma: client, pool } = shared;
  shared.prisma = undefined;
  shared.pool = undefined;
  await client?.$disconnect();
  await pool?.end().catch(() => {});
  await resetReplica();
}

export type Db = PrismaClient;
export { Prisma } from "../../generated/prisma/client";
