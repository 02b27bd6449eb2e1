/**
 * Which migrations the database has applied, read straight from Prisma's `_prisma_migrations`
 * table: cheap enough for every health check, and free of the schema engine.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = join(process.cwd(), "prisma", "migrations");

export interface MigrationDir {
  name: string;
  sql: string;
}

/** Migration folders in apply order (Prisma names them `<timestamp>_<name>`). */
export function listMigrations(): MigrationDir[] {
  if (!existsSync(join(process.cwd(), "prisma", "migrations"))) return [];
  return readdirSync(join(process.cwd(), "prisma", "migrations"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(process.cwd(), "prisma", "migrations", d.name, "migration.sql")))
    .map((d) => ({
      name: d.name,
      sql: readFileSync(join(process.cwd(), "prisma", "migrations", d.name, "migration.sql"), "utf8"),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface MigrationStatus {
  reachable: boolean;
  applied: string[];
  pending: string[];
  failed: string[];
  error?: string;
}

/** Compares the migration folders with `_prisma_migrations`, without the engine (cheap enough for a health check). */
export async function readMigrationStatus(databaseUrl: string): Promise<MigrationStatus> {
  const expected = listMigrations().map((m) => m.name);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const table = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
    );
    const rows = table.rows[0]?.exists
      ? (
          await client.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
            "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations",
          )
        ).rows
      : [];
    const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
    const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
    return {
      reachable: true,
      applied: expected.filter((name) => done.has(name)),
      pending: expected.filter((name) => !done.has(name)),
      failed,
    };
  } catch (error) {
    return { reachable: false, applied: [], pending: expected, failed: [], error: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}
