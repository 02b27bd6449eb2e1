import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useScratchDatabase } from "../../test/scratch-database";
import { applyMigrations, listMigrations } from "../db/migrate";
import { getDb } from "../db";
import { syncCatalogue } from "./catalogue";
import { ingestPanic } from "./ingest";
import { reportHostKernel } from "./inventory";

const SEED = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const MIGRATION = "hostname_case_insensitive";
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

describe("host names are case-insensitive", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("stores uploads for Web01, web01 and WEB01 as one host, and an inventory report as WEB01 clears it", async () => {
    const base = unique("Web");
    const spellings = [base, base.toLowerCase(), base.toUpperCase()];
    const outcomes = [];
    for (const [i, hostname] of spellings.entries()) {
      outcomes.push(await ingestPanic({ text: `${SEED}\n[ spelling ${i} ]\n`, hostname, source: "api" }));
    }
    expect(outcomes.map((o) => o.status)).toEqual(["created", "created", "created"]);
    expect(outcomes.map((o) => (o.status === "created" ? o.panic.host : null))).toEqual(
      Array(3).fill(base.toLowerCase()),
    );
    const hosts = await getDb().host.findMany({
      where: { hostname: { equals: base, mode: "insensitive" } },
    });
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ hostname: base.toLowerCase(), panicCount: 3, needsUpdate: true });

    // The same text again under another spelling is a duplicate of the first.
    const again = await ingestPanic({ text: `${SEED}\n[ spelling 0 ]\n`, hostname: base.toUpperCase(), source: "api" });
    expect(again.status).toBe("duplicate");

    const report = await reportHostKernel(base.toUpperCase(), { kernelRelease: "2.6.32-754.35.1.el6.x86_64" });
    expect(report).toMatchObject({ host: base.toLowerCase(), needsUpdate: false });
    const host = await getDb().host.findUniqueOrThrow({ where: { hostname: base.toLowerCase() } });
    expect(host).toMatchObject({ needsUpdate: false, currentKernel: "2.6.32-754.35.1.el6.x86_64" });
  });

  describe("the migration", () => {
    const scratch = useScratchDatabase("hostcase");

    it("merges hosts that differ only in case without losing a panic, and recounts every counter", async () => {
      const names = listMigrations().map((m) => m.name);
      const mine = names.findIndex((n) => n.endsWith(`_${MIGRATION}`));
      expect(mine).toBeGreaterThan(0);
      await applyMigrations(scratch.url, names[mine - 1]);

      const q = (text: string, values: unknown[] = []) => scratch.client().query(text, values);
      const hostIds: number[] = [];
      for (const hostname of ["Web01", "web01", "WEB01", "Db01"]) {
        const { rows } = await q(
          "INSERT INTO hosts (hostname, current_kernel, needs_update, updated_at, kernel_reported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          [
            hostname,
            hostname === "web01" ? "2.6.32-754.el6.x86_64" : "2.6.32-279.el6.x86_64",
            hostname === "WEB01",
            new Date(`2024-01-0${hostIds.length + 1}T00:00:00Z`),
            hostname === "web01" ? new Date("2024-01-05T00:00:00Z") : null,
          ],
        );
        hostIds.push(rows[0].id);
      }
      const [web, webLower, webUpper, db] = hostIds as [number, number, number, number];
      const { rows: sig } = await q(
        "INSERT INTO signatures (fingerprint, title, first_seen_at, last_seen_at, panic_count, host_count) VALUES ('f1', 't', '2024-01-01', '2024-03-01', 5, 4) RETURNING id",
      );
      const panic = (host: number, sha: string, day: string, kernel: string) =>
        q(
          "INSERT INTO panics (host_id, raw_text, sha256, crash_time, kernel_release, signature_id) VALUES ($1, 'text', $2, $3, $4, $5)",
          [host, sha.repeat(64), new Date(`${day}T12:00:00Z`), kernel, sig[0].id],
        );
      await panic(web, "a", "2024-01-01", "2.6.32-279.el6.x86_64");
      await panic(webLower, "b", "2024-02-01", "2.6.32-754.el6.x86_64");
      await panic(webUpper, "a", "2024-02-15", "2.6.32-279.el6.x86_64"); // the same text as Web01's
      await panic(webUpper, "c", "2024-03-01", "2.6.32-279.el6.x86_64");
      await panic(db, "a", "2024-01-10", "2.6.32-279.el6.x86_64");
      for (const [host, kernel, first, last] of [
        [web, "2.6.32-279.el6.x86_64", "2024-01-01", "2024-01-20"],
        [webUpper, "2.6.32-279.el6.x86_64", "2023-12-01", "2024-03-01"],
        [webLower, "2.6.32-754.el6.x86_64", "2024-02-01", "2024-02-01"],
      ] as const) {
        await q(
          "INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source) VALUES ($1, $2, $3, $4, 'panic')",
          [host, kernel, first, last],
        );
      }
      await q("INSERT INTO app_state (key, value, updated_at) VALUES ('host_verdict_version', '2', now())");

      expect(await applyMigrations(scratch.url)).toContain(names[mine]);

      const { rows: hosts } = await q("SELECT * FROM hosts ORDER BY id");
      expect(hosts.map((h) => [h.id, h.hostname])).toEqual([
        [web, "web01"],
        [db, "db01"],
      ]);
      expect(hosts[0]).toMatchObject({
        panic_count: 3,
        first_panic_at: new Date("2024-01-01T12:00:00Z"),
        last_panic_at: new Date("2024-03-01T12:00:00Z"),
        current_kernel: "2.6.32-754.el6.x86_64", // from the spelling that reported by inventory
        needs_update: true,
      });
      const { rows: panics } = await q("SELECT host_id, left(sha256, 1) AS sha FROM panics ORDER BY id");
      expect(panics).toEqual([
        { host_id: web, sha: "a" },
        { host_id: web, sha: "b" },
        { host_id: web, sha: "c" },
        { host_id: db, sha: "a" },
      ]);
      const { rows: kernels } = await q(
        "SELECT host_id, kernel_release, first_seen_at, last_seen_at FROM host_kernels ORDER BY kernel_release",
      );
      expect(kernels).toEqual([
        {
          host_id: web,
          kernel_release: "2.6.32-279.el6.x86_64",
          first_seen_at: new Date("2023-12-01T00:00:00Z"),
          last_seen_at: new Date("2024-03-01T00:00:00Z"),
        },
        {
          host_id: web,
          kernel_release: "2.6.32-754.el6.x86_64",
          first_seen_at: new Date("2024-02-01T00:00:00Z"),
          last_seen_at: new Date("2024-02-01T00:00:00Z"),
        },
      ]);

      // Every counter equals a recount of the panics.
      const recount = async (stored: string, counted: string) => {
        const [a, b] = await Promise.all([q(stored), q(counted)]);
        expect(a.rows).toEqual(b.rows);
      };
      await recount(
        "SELECT host_id, kernel_release, bug_key, panics, first_at, last_at FROM panic_rollups WHERE panics > 0 ORDER BY 1, 2, 3",
        `SELECT host_id, coalesce(kernel_release, '') AS kernel_release, coalesce(known_bug_id, '') AS bug_key, count(*)::int AS panics,
           min(crash_time) AS first_at, max(crash_time) AS last_at FROM panics GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      await recount(
        "SELECT day, bug_key, shard, panics FROM panic_daily_rollups WHERE panics > 0 ORDER BY 1, 2, 3",
        `SELECT (crash_time AT TIME ZONE 'UTC')::date AS day, coalesce(known_bug_id, '') AS bug_key, host_id % 16 AS shard,
           count(*)::int AS panics FROM panics GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      await recount(
        "SELECT id, panic_count, host_count FROM signatures ORDER BY id",
        `SELECT signature_id AS id, count(*)::int AS panic_count, count(DISTINCT host_id)::int AS host_count
           FROM panics GROUP BY 1 ORDER BY 1`,
      );
      expect(
        (await q("SELECT count(*)::int AS n FROM panic_rollups WHERE host_id NOT IN (SELECT id FROM hosts)")).rows,
      ).toEqual([{ n: 0 }]);
      // Start-up recomputes every verdict with the catalogue.
      expect((await q("SELECT value FROM app_state WHERE key = 'host_verdict_version'")).rows[0].value).not.toBe("2");
      // And no mixed-case name can be stored again.
      await expect(q("INSERT INTO hosts (hostname, updated_at) VALUES ('Web02', now())")).rejects.toThrow(
        /hosts_hostname_lower_case/,
      );
    });
  });
});
