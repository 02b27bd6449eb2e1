import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";

/**
 * The one Prisma client of the process, cached on globalThis so that Next's dev reloads do not open
 * a new pool each time. DATABASE_URL is set by the launcher (lib/tools/serve.ts) to the embedded
 * PostgreSQL when the user gave none.
 */
const globalForPrisma = globalThis as unknown as { panicboardPrisma?: PrismaClient };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the dashboard with `npm start` (embedded PostgreSQL) or set DATABASE_URL");
  }
  return url;
}

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl(), max: Number(process.env.PANICBOARD_DB_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  globalForPrisma.panicboardPrisma ??= createClient();
  return globalForPrisma.panicboardPrisma;
}

/** For tests and scripts that point the process at another database. */
export async function resetDb(): Promise<void> {
  const client = globalForPrisma.panicboardPrisma;
  globalForPrisma.panicboardPrisma = undefined;
  await client?.$disconnect();
}

export type Db = PrismaClient;
export { Prisma } from "../../generated/prisma/client";
