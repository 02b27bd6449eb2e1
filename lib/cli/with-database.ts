import { loadEnv } from "../env";
import { resetDb } from "../server/db";
import { resolveDatabase } from "../server/db/resolve";

/**
 * Runs `work` on the database commands use: DATABASE_URL when set, else the embedded PostgreSQL,
 * started for the command and stopped after it (with the Prisma client's pool) whatever `work` does.
 */
export async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const db = await resolveDatabase(loadEnv());
  process.env.DATABASE_URL = db.url;
  try {
    return await work(db.url);
  } finally {
    await resetDb();
    await db.stop();
  }
}
