import { describe, expect, it } from "vitest";
import { useScratchDatabase } from "../../test/scratch-database";
import { applyMigrations, listMigrations } from "../db/migrate";

const MIGRATION = "shard_daily_rollups";

/**
 * 20261202061133_shard_daily_rollups on a database with panics: the daily rollup is recounted into its
 * shards, so that the trigger's later moves (a re-match, a delete) keep it exact, and
 * rebuild_panic_rollups() (bulk loads: scripts/bench-pages.ts) writes the new key.
 */
describe("the daily rollup's shards (migration)", () => {
  const scratch = useScratchDatabase("dailyshard");
  const q = (text: string, values: unknown[] = []) => scratch.client().query(text, values);

  const stored = () =>
    q("SELECT day::text, bug_key, shard, panics FROM panic_daily_rollups WHERE panics <> 0 ORDER BY 1, 2, 3");
  const recount = () =>
    q(`SELECT (crash_time AT TIME ZONE 'UTC')::date::text AS day, coalesce(known_bug_id, '') AS bug_key,
         host_id % 16 AS shard, count(*)::int AS panics FROM panics GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);

  it("recounts the stored rows into shards, and later moves and rebuilds stay exact", async () => {
    const names = listMigrations().map((m) => m.name);
    const mine = names.findIndex((n) => n.endsWith(`_${MIGRATION}`));
    expect(mine).toBeGreaterThan(0);
    await applyMigrations(scratch.url, names[mine - 1]);

    // Panics of four hosts (three shards) on two days, kept by the old trigger in one row per day.
    const hosts: number[] = [];
    for (const hostname of ["a", "b", "c", "d"]) {
      const { rows } = await q("INSERT INTO hosts (hostname, updated_at) VALUES ($1, now()) RETURNING id", [hostname]);
      hosts.push(rows[0].id);
    }
    hosts.push(hosts[0]! + 16); // a fifth id, in the first host's shard
    await q("INSERT INTO hosts (id, hostname, updated_at) VALUES ($1, 'e', now())", [hosts[4]]);
    const { rows: sig } = await q(
      "INSERT INTO signatures (fingerprint, title, first_seen_at, last_seen_at) VALUES ('f', 't', now(), now()) RETURNING id",
    );
    let n = 0;
    for (const [i, host] of hosts.entries()) {
      for (const day of ["2024-05-01", "2024-05-02"].slice(0, 1 + (i % 2))) {
        await q(
          "INSERT INTO panics (host_id, raw_text, sha256, crash_time, signature_id) VALUES ($1, 'text', $2, $3, $4)",
          [host, String(n++).padStart(64, "0"), `${day}T08:00:00Z`, sig[0].id],
        );
      }
    }
    const before = await q("SELECT day::text, bug_key, panics FROM panic_daily_rollups ORDER BY 1, 2");
    expect(before.rows).toEqual([
      { day: "2024-05-01", bug_key: "", panics: 5 },
      { day: "2024-05-02", bug_key: "", panics: 2 },
    ]);

    expect(await applyMigrations(scratch.url)).toContain(names[mine]);
    const shards = (await stored()).rows;
    expect(shards).toEqual((await recount()).rows);
    expect(new Set(shards.map((r) => r.shard)).size).toBeGreaterThan(1);

    // The trigger takes a panic out of its own shard: before the recount, these found no row there.
    await q("DELETE FROM panics WHERE host_id = $1", [hosts[1]]);
    await q("UPDATE panics SET crash_time = crash_time + interval '1 day' WHERE host_id = $1", [hosts[0]]);
    expect((await stored()).rows).toEqual((await recount()).rows);

    // rebuild_panic_rollups() writes the new key (it failed on the NOT NULL shard before).
    await q("DELETE FROM panic_daily_rollups");
    await q("SELECT rebuild_panic_rollups()");
    expect((await stored()).rows).toEqual((await recount()).rows);
  });
});
