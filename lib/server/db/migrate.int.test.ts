import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations, listMigrations } from "./migrate";
import { readMigrationStatus } from "./migration-status";

describe("migrations on a real PostgreSQL", () => {
  const url = inject("databaseUrl");

  it("are all applied by the run's setup and re-applying them is a no-op", async () => {
    expect(await applyMigrations(url)).toEqual([]);
    const status = await readMigrationStatus(url);
    expect(status.reachable).toBe(true);
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(listMigrations().map((m) => m.name));
  });

  it("record the migrations the way `prisma migrate deploy` does", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = (
        await client.query(
          "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
        )
      ).rows;
      expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
      for (const row of rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
      }
      const tables = (
        await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
      ).rows.map((r) => r.tablename);
      expect(tables).toEqual(
        expect.arrayContaining(["hosts", "panics", "signatures", "known_bugs", "known_bug_fixes", "api_tokens"]),
      );
    } finally {
      await client.end();
    }
  });

  it("reports an unreachable server instead of throwing", async () => {
    const status = await readMigrationStatus("postgresql://nobody@127.0.0.1:1/none");
    expect(status.reachable).toBe(false);
    expect(status.error).toBeTruthy();
  });
});
