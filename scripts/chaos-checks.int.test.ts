import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resetDb } from "@/lib/server/db";
import { applyMigrations } from "@/lib/server/db/migrate";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { ingestPanic } from "@/lib/server/services/ingest";
import { type Check, type Expected, runChecks } from "./chaos-checks";
import { generateSamples, loadFixtures } from "./harness";

/**
 * The checks of `npm run test:chaos` hold on what ingestion stores, and each one sees the damage it
 * is there for: a lost or duplicated upload, or a counter, time, kernel, verdict or rollup row that
 * disagrees with the panics. In a database of its own, as the chaos run has one.
 */
describe("test:chaos's checks", () => {
  const runUrl = new URL(inject("databaseUrl"));
  const name = `${runUrl.pathname.slice(1)}_chaos`;
  const url = Object.assign(new URL(runUrl), { pathname: `/${name}` }).toString();
  const savedUrl = process.env.DATABASE_URL;
  const count = 60;
  const expected: Expected = { count, marker: "chaos-checks upload", hostPrefix: "checks", hosts: 12, answers: [] };
  let client: pg.Client;

  const admin = async (sql: string) => {
    const db = new pg.Client({ connectionString: runUrl.toString() });
    await db.connect();
    await db.query(sql).finally(() => db.end());
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    await resetDb();
    await syncCatalogue();
    const samples = generateSamples(count, loadFixtures(), {
      marker: expected.marker,
      hostPrefix: expected.hostPrefix,
      hosts: expected.hosts,
      stepMinutes: 600,
      fixtureOf: (i) => i + Math.floor(i / expected.hosts),
    });
    const ids: string[] = [];
    for (const sample of samples) {
      const outcome = await ingestPanic({ ...sample, crashTime: new Date(sample.crashTime), source: "agent" });
      ids.push(outcome.status === "created" ? outcome.panic.id : outcome.id);
    }
    // A retry whose first attempt was stored: answered with the same panic.
    const again = await ingestPanic({ ...samples[7]!, crashTime: new Date(samples[7]!.crashTime), source: "agent" });
    expect(again).toMatchObject({ status: "duplicate", id: ids[7] });
    expected.answers = ids;
    client = new pg.Client({ connectionString: url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await resetDb();
    process.env.DATABASE_URL = savedUrl;
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  const failing = (checks: Check[]) => checks.filter((c) => c.problems !== 0).map((c) => c.name);

  it("all hold after the uploads", async () => {
    const checks = await runChecks(client, expected);
    expect(checks.length).toBeGreaterThanOrEqual(12);
    expect(failing(checks)).toEqual([]);
    // Uploads matched known bugs and hosts ran several kernels: the checks compared something.
    const { rows } = await client.query<{ bugs: number; kernels: number }>(
      "SELECT count(DISTINCT known_bug_id)::int AS bugs, (SELECT count(*)::int FROM host_kernels) AS kernels FROM panics",
    );
    expect(rows[0]!.bugs).toBeGreaterThan(0);
    expect(rows[0]!.kernels).toBeGreaterThan(expected.hosts);
  });

  // Each damage made in a transaction that the checks read from and that is rolled back afterwards.
  const host = "(SELECT min(id) FROM hosts)";
  const damages: [string, string, string[]][] = [
    [
      "a lost upload",
      `DELETE FROM panics WHERE id = (SELECT max(id) FROM panics)`,
      ["panics: exactly", "every upload", "every answer"],
    ],
    [
      "a duplicated upload",
      `INSERT INTO panics (host_id, raw_text, sha256, crash_time, source, kernel_release, signature_id, known_bug_id)
       SELECT host_id, raw_text, repeat('0', 64), crash_time, source, kernel_release, signature_id, known_bug_id
       FROM panics WHERE id = (SELECT min(id) FROM panics)`,
      ["panics: exactly", "every upload"],
    ],
    [
      "a panic whose text lost its upload's first line",
      `UPDATE panics SET raw_text = 'x' || raw_text WHERE id = (SELECT min(id) FROM panics)`,
      ["every upload", "every answer"],
    ],
    [
      "a host without panics",
      `INSERT INTO hosts (hostname, updated_at) VALUES ('checks-extra.example.com', now())`,
      ["hosts: one row"],
    ],
    ["a host's count", `UPDATE hosts SET panic_count = panic_count + 1 WHERE id = ${host}`, ["hosts.panic_count"]],
    [
      "a host's last panic",
      `UPDATE hosts SET last_panic_at = last_panic_at + interval '1 day' WHERE id = ${host}`,
      ["hosts.panic_count"],
    ],
    [
      "a host's current kernel",
      `UPDATE hosts SET current_kernel = '2.6.32-71.el6.x86_64' WHERE id = ${host}`,
      ["hosts.current_kernel"],
    ],
    ["a host's verdict", `UPDATE hosts SET needs_update = NOT needs_update WHERE id = ${host}`, ["verdict"]],
    [
      "a host's open bugs",
      `UPDATE hosts SET open_bug_ids = array_append(open_bug_ids, 'no-such-bug') WHERE id = ${host}`,
      ["verdict"],
    ],
    [
      "a kernel history row",
      `DELETE FROM host_kernels WHERE host_id = ${host} AND kernel_release = (SELECT min(kernel_release) FROM host_kernels WHERE host_id = ${host})`,
      ["host_kernels"],
    ],
    [
      "a signature's host count",
      `UPDATE signatures SET host_count = host_count + 1 WHERE id = (SELECT min(id) FROM signatures)`,
      ["signatures.panic_count"],
    ],
    [
      "a signature's first time",
      `UPDATE signatures SET first_seen_at = first_seen_at - interval '1 hour' WHERE id = (SELECT min(id) FROM signatures)`,
      ["signatures.panic_count"],
    ],
    [
      "a signature's bug",
      `UPDATE signatures SET known_bug_id = NULL WHERE id = (SELECT min(signature_id) FROM panics WHERE known_bug_id IS NOT NULL)`,
      ["signatures.known_bug_id"],
    ],
    ["a rollup's count", `UPDATE panic_rollups SET panics = panics + 1 WHERE host_id = ${host}`, ["panic_rollups"]],
    [
      "a rollup's last time",
      `UPDATE panic_rollups SET last_at = last_at + interval '1 second' WHERE host_id = ${host}`,
      ["panic_rollups"],
    ],
    [
      "a rollup's release",
      `UPDATE panic_rollups SET rhel_release = rhel_release || 'x' WHERE host_id = ${host}`,
      ["panic_rollups"],
    ],
    [
      "a kernel rollup's count",
      `UPDATE panic_kernel_rollups SET panics = panics + 1 WHERE (kernel_release, shard) IN (SELECT kernel_release, shard FROM panic_kernel_rollups LIMIT 1)`,
      ["panic_kernel_rollups"],
    ],
    [
      "a host count",
      `UPDATE panic_host_counts SET hosts = hosts + 1 WHERE (scope, key, shard) IN (SELECT scope, key, shard FROM panic_host_counts WHERE scope = 'release' LIMIT 1)`,
      ["panic_host_counts"],
    ],
    [
      "a day's rollup",
      `DELETE FROM panic_daily_rollups WHERE day = (SELECT min(day) FROM panic_daily_rollups)`,
      ["panic_daily_rollups"],
    ],
  ];

  it.each(damages)("see %s", async (_, damage, checks) => {
    await client.query("BEGIN");
    try {
      expect((await client.query(damage)).rowCount).toBeGreaterThan(0);
      const failed = failing(await runChecks(client, expected));
      for (const check of checks) expect(failed.filter((name) => name.includes(check))).toHaveLength(1);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
