import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { describeKernel } from "../../kernel";
import { hostListSearchSchema } from "../../schemas/dashboard";
import { getDb } from "../db";
import { syncCatalogue } from "../services/catalogue";
import { ingestPanic } from "../services/ingest";
import { createKnownBugFromSignature } from "../services/known-bugs";
import { getBugStats, listKnownBugs } from "./bugs";
import { listHosts } from "./hosts";
import { countOverview, listTopKernels } from "./overview";
import { getReleaseOverview } from "./releases";

/**
 * The rollups the fleet-wide pages read (panic_rollups, panic_kernel_rollups, panic_host_counts,
 * panic_daily_rollups, kept by the trigger on panics) against a recount from the panics, and the
 * pages' queries against the same figures counted the slow way. Every comparison covers the whole of
 * the run's database (other files' panics too), read in one statement where it is one snapshot.
 */

const fixture = (name: string) => readFileSync(join("lib", "crash", "fixtures", "rhel", name), "utf8");
const SEED = fixture("rhel6-seed-session.txt");
const XFS = fixture("rhel8-soft-lockup-xfs.txt");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
const DAY = 24 * 3600 * 1000;

/** Each rollup beside its recount from the panics, in one statement. Rows at 0 are left out of both. */
async function rollupsAndRecounts() {
  const [row] = await getDb().$queryRaw<Record<string, unknown>[]>`
    WITH cells AS (
      SELECT host_id, coalesce(kernel_release, '') AS k, coalesce(known_bug_id, '') AS b, coalesce(rhel_release, '') AS r,
        count(*)::int AS n
      FROM panics GROUP BY 1, 2, 3, 4
    )
    SELECT
      (SELECT coalesce(json_agg(x ORDER BY x.host_id, x.k, x.b, x.r), '[]') FROM (
        SELECT host_id, kernel_release AS k, bug_key AS b, rhel_release AS r, panics AS n FROM panic_rollups WHERE panics <> 0) x
      ) AS per_host,
      (SELECT coalesce(json_agg(x ORDER BY x.host_id, x.k, x.b, x.r), '[]') FROM cells x) AS per_host_recount,
      (SELECT coalesce(json_agg(x ORDER BY x.k, x.r, x.b, x.shard), '[]') FROM (
        SELECT kernel_release AS k, rhel_release AS r, bug_key AS b, shard, panics AS n FROM panic_kernel_rollups WHERE panics <> 0) x
      ) AS per_kernel,
      (SELECT coalesce(json_agg(x ORDER BY x.k, x.r, x.b, x.shard), '[]') FROM (
        SELECT k, r, b, host_id % 16 AS shard, sum(n)::int AS n FROM cells GROUP BY 1, 2, 3, 4) x
      ) AS per_kernel_recount,
      (SELECT coalesce(json_agg(x ORDER BY x.scope, x.key, x.shard), '[]') FROM (
        SELECT scope, key, shard, hosts FROM panic_host_counts WHERE hosts <> 0) x
      ) AS hosts,
      (SELECT coalesce(json_agg(x ORDER BY x.scope, x.key, x.shard), '[]') FROM (
        SELECT 'kernel' AS scope, k AS key, host_id % 16 AS shard, count(DISTINCT host_id)::int AS hosts FROM cells GROUP BY 2, 3
        UNION ALL SELECT 'bug', b, host_id % 16, count(DISTINCT host_id)::int FROM cells GROUP BY 2, 3
        UNION ALL SELECT 'release', r, host_id % 16, count(DISTINCT host_id)::int FROM cells WHERE r <> '' GROUP BY 2, 3
        UNION ALL SELECT 'major', split_part(r, '.', 1), host_id % 16, count(DISTINCT host_id)::int FROM cells
          WHERE r <> '' GROUP BY 2, 3) x
      ) AS hosts_recount,
      (SELECT coalesce(json_agg(x ORDER BY x.day, x.b, x.shard), '[]') FROM (
        SELECT day, bug_key AS b, shard, panics AS n FROM panic_daily_rollups WHERE panics <> 0) x
      ) AS per_day,
      (SELECT coalesce(json_agg(x ORDER BY x.day, x.b, x.shard), '[]') FROM (
        SELECT (crash_time AT TIME ZONE 'UTC')::date AS day, coalesce(known_bug_id, '') AS b, host_id % 16 AS shard, count(*)::int AS n
        FROM panics GROUP BY 1, 2, 3) x
      ) AS per_day_recount`;
  return row!;
}

async function expectRollupsToMatchPanics() {
  const r = await rollupsAndRecounts();
  expect(r.per_host).toEqual(r.per_host_recount);
  expect(r.per_kernel).toEqual(r.per_kernel_recount);
  expect(r.hosts).toEqual(r.hosts_recount);
  expect(r.per_day).toEqual(r.per_day_recount);
}

async function hostIdOf(hostname: string): Promise<number> {
  return (await getDb().host.findUniqueOrThrow({ where: { hostname }, select: { id: true } })).id;
}

async function created(outcome: Awaited<ReturnType<typeof ingestPanic>>): Promise<bigint> {
  if (outcome.status !== "created") throw new Error("expected a new panic");
  return BigInt(outcome.panic.id);
}

describe("the page rollups", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("equal a recount from the panics after uploads, a re-match, changed columns, deletes and a host's removal", async () => {
    const [a, b, c] = [unique("roll-a"), unique("roll-b"), unique("roll-c")];
    // Signatures of their own (the panics below are moved and deleted behind the signatures' counters,
    // which other files check), and the known bug created below re-matches these panics only.
    const fn = `rolltest_${Math.random().toString(36).slice(2, 8)}`;
    const seed = SEED.replaceAll("tcp_v4_err", `${fn}_err`);
    const xfs = XFS.replaceAll("xfs_end_io", `${fn}_end_io`);
    // Host a: a crash on two RHEL 6 minors (6.3 and 6.4), and a lockup on RHEL 8.4.
    await ingestPanic({ text: seed, hostname: a, source: "api" });
    await ingestPanic({ text: seed.replaceAll("2.6.32-279.14.1.el6", "2.6.32-358.el6"), hostname: a, source: "api" });
    const moved = await created(await ingestPanic({ text: xfs, hostname: a, source: "api" }));
    // Host b: two panics in one cell, and one on the same kernel as a's.
    await ingestPanic({ text: xfs, hostname: b, source: "api" });
    await ingestPanic({ text: xfs.replace("PID: 3106", "PID: 3107"), hostname: b, source: "api" });
    const deleted = await created(await ingestPanic({ text: seed, hostname: b, source: "api" }));
    await ingestPanic({ text: seed, hostname: c, source: "api" });
    await expectRollupsToMatchPanics();

    // A known bug made from the lockup's signature moves its panics (a re-match: an UPDATE of known_bug_id).
    const signature = await getDb().signature.findFirstOrThrow({ where: { panics: { some: { id: moved } } } });
    const bugId = unique("USER-ROLL");
    const made = await createKnownBugFromSignature({
      signatureId: signature.id,
      id: bugId,
      title: "Soft lockup in a test function",
      description: "A soft lockup only this test uploads.",
      references: [],
      fixedIn: {
        el6: undefined,
        el7: undefined,
        el8: "4.18.0-348.el8",
        el9: undefined,
        el10: undefined,
        upstream: undefined,
      },
    });
    expect(made.rematched?.changed).toBe(3);
    expect(await getDb().panic.count({ where: { signatureId: signature.id, knownBugId: bugId } })).toBe(3);
    await expectRollupsToMatchPanics();

    // Columns the rollups are keyed by, changed in place: a release re-described, a panic moved to another host.
    await getDb().$executeRaw`UPDATE panics SET rhel_release = '8.5' WHERE id = ${moved}`;
    await getDb()
      .$executeRaw`UPDATE panics SET host_id = ${await hostIdOf(c)}, kernel_release = NULL, sha256 = md5('moved') || md5('moved') WHERE id = ${deleted}`;
    await expectRollupsToMatchPanics();

    await getDb().$executeRaw`DELETE FROM panics WHERE id = ${deleted}`;
    await expectRollupsToMatchPanics();
    await getDb().host.delete({ where: { hostname: a } });
    await expectRollupsToMatchPanics();
  });

  it("count a host once when two transactions give it its first panics of one kernel at the same time", async () => {
    const url = inject("databaseUrl");
    const [one, two] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    await Promise.all([one.connect(), two.connect()]);
    try {
      const hostname = unique("roll-race");
      const kernel = `${unique("5.14.0-race")}.el9.x86_64`;
      const {
        rows: [host],
      } = await one.query<{ id: number }>("INSERT INTO hosts (hostname, updated_at) VALUES ($1, now()) RETURNING id", [
        hostname,
      ]);
      // Two cells of one host and kernel (two releases, two days: no rollup row in common): each
      // transaction's trigger runs at SET CONSTRAINTS, the first one holding the host until it
      // commits, the second one waiting for it. Unordered, each would miss the other's cell and
      // count the host for the kernel once more.
      const insert = (release: string, day: string) => ({
        text: `INSERT INTO panics (host_id, raw_text, sha256, crash_time, kernel_release, rhel_release)
               VALUES ($1, 'race', md5($2) || md5($2), $3::timestamptz, $4, $5)`,
        values: [host!.id, release, day, kernel, release],
      });
      await one.query("BEGIN");
      await one.query(insert("9.1", "2031-01-01T12:00:00Z"));
      await one.query("SET CONSTRAINTS ALL IMMEDIATE");
      await two.query("BEGIN");
      await two.query(insert("9.2", "2031-01-02T12:00:00Z"));
      let secondDone = false;
      const second = two.query("SET CONSTRAINTS ALL IMMEDIATE").then(() => {
        secondDone = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(secondDone).toBe(false);
      await one.query("COMMIT");
      await second;
      await two.query("COMMIT");

      const counts = await getDb().$queryRaw<{ hosts: number }[]>`
        SELECT sum(hosts)::int AS hosts FROM panic_host_counts WHERE scope = 'kernel' AND key = ${kernel}`;
      expect(counts).toEqual([{ hosts: 1 }]);
      await expectRollupsToMatchPanics();
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
  });
});

describe("the pages' fleet-wide figures", () => {
  beforeAll(async () => {
    await syncCatalogue();
    // Something on every page: the seed bug on two hosts, an unmatched panic, a kernel without a RHEL release.
    const [a, b] = [unique("fig-a"), unique("fig-b")];
    await ingestPanic({ text: SEED, hostname: a, source: "api" });
    await ingestPanic({ text: SEED, hostname: b, source: "api" });
    // (Renamed: known-bugs.int.test.ts makes a bug of the xfs lockup's signature and counts its panics.)
    await ingestPanic({ text: XFS.replaceAll("xfs_end_io", "figtest_end_io"), hostname: b, source: "api" });
    await ingestPanic({
      text: SEED.replaceAll("2.6.32-279.14.1.el6", "5.15.0-91-generic"),
      hostname: a,
      source: "api",
    });
  });

  it("count the panics of the last day, week and month as count(*) over crash_time would, across UTC midnights", async () => {
    const hostname = unique("fig-window");
    const now = new Date(Date.UTC(2031, 4, 17, 9, 30, 15, 250));
    const times: Date[] = [];
    for (const days of [1, 7, 30]) {
      const since = new Date(now.getTime() - days * DAY);
      const midnight = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate() + 1));
      times.push(
        new Date(since.getTime() - 1),
        since,
        new Date(since.getTime() + 1),
        new Date(midnight.getTime() - 1),
        midnight,
      );
    }
    times.push(now, new Date(now.getTime() + 3600_000));
    // A signature of its own: these crash in 2031, and fixes.int.test.ts wants its seed upload to be the latest.
    const text = SEED.replaceAll("tcp_v4_err", "windowtest_err");
    for (const [i, crashTime] of times.entries())
      await ingestPanic({ text: `${text}\n[ window ${i} ]\n`, hostname, crashTime, source: "api" });

    const counts = await countOverview(now);
    const direct = async (since: Date) =>
      Number(
        (await getDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM panics WHERE crash_time >= ${since}`)[0]!.n,
      );
    expect(counts.panics24h).toBe(await direct(new Date(now.getTime() - DAY)));
    expect(counts.panics7d).toBe(await direct(new Date(now.getTime() - 7 * DAY)));
    expect(counts.panics30d).toBe(await direct(new Date(now.getTime() - 30 * DAY)));
    expect(counts.panicsTotal).toBe(await getDb().panic.count());
    // A window that starts exactly at midnight counts that whole day from the rollup.
    const midnight = new Date(Date.UTC(2031, 4, 16));
    expect((await countOverview(new Date(midnight.getTime() + DAY))).panics24h).toBe(await direct(midnight));
  });

  it("rank the top kernels of 30 days with their panics and distinct hosts, as grouping the panics does", async () => {
    const now = new Date();
    const since = new Date(now.getTime() - 30 * DAY);
    const expected = await getDb().$queryRaw<{ k: string; panics: bigint; hosts: bigint }[]>`
      SELECT kernel_release AS k, count(*) AS panics, count(DISTINCT host_id) AS hosts FROM panics
      WHERE crash_time >= ${since} AND kernel_release IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8`;
    expect(expected.length).toBeGreaterThan(0);
    expect((await listTopKernels(now)).map((k) => [k.kernelRelease, k.panics, k.hosts])).toEqual(
      expected.map((e) => [e.k, Number(e.panics), Number(e.hosts)]),
    );
  });

  it("give the releases tree the panics and distinct hosts of each kernel, minor and major, also when stored releases are stale", async () => {
    const recount = async () => {
      const pairs = await getDb().$queryRaw<{ host_id: number; k: string | null; n: bigint }[]>`
        SELECT host_id, kernel_release AS k, count(*) AS n FROM panics GROUP BY 1, 2`;
      const panics = new Map<string, number>();
      const hosts = new Map<string, Set<number>>();
      let other = 0;
      for (const p of pairs) {
        const release = p.k ? describeKernel(p.k).rhelRelease : null;
        if (!release) {
          other += Number(p.n);
          continue;
        }
        for (const key of [`kernel ${p.k}`, `minor ${release}`, `major ${release.split(".")[0]}`]) {
          panics.set(key, (panics.get(key) ?? 0) + Number(p.n));
          hosts.set(key, (hosts.get(key) ?? new Set()).add(p.host_id));
        }
      }
      return { other, figures: Object.fromEntries([...panics].map(([key, n]) => [key, [n, hosts.get(key)!.size]])) };
    };
    const shown = async () => {
      const overview = await getReleaseOverview();
      const figures: Record<string, [number, number]> = {};
      for (const major of overview.majors) {
        figures[`major ${major.major}`] = [major.panics, major.hosts];
        for (const minor of major.minors) {
          figures[`minor ${minor.release}`] = [minor.panics, minor.hosts];
          for (const k of minor.kernels) figures[`kernel ${k.kernelRelease}`] = [k.panics, k.hosts];
        }
      }
      return { other: overview.otherPanics, figures };
    };
    expect(await shown()).toEqual(await recount());

    // A release stored before lib/kernel learned better: the page recounts the hosts rather than trust it.
    const [panic] = await getDb().$queryRaw<{ id: bigint; rhel_release: string }[]>`
      SELECT id, rhel_release FROM panics WHERE kernel_release = '2.6.32-279.14.1.el6.x86_64' ORDER BY id DESC LIMIT 1`;
    await getDb().$executeRaw`UPDATE panics SET rhel_release = '6.2' WHERE id = ${panic!.id}`;
    try {
      expect(await shown()).toEqual(await recount());
    } finally {
      await getDb().$executeRaw`UPDATE panics SET rhel_release = ${panic!.rhel_release} WHERE id = ${panic!.id}`;
    }
  });

  it("give each known bug its panics, hosts, releases and first and last crash as the panics say", async () => {
    const rows = await getDb().$queryRaw<
      { id: string; panics: bigint; hosts: bigint; kernels: string[]; first: Date; last: Date }[]
    >`
      SELECT known_bug_id AS id, count(*) AS panics, count(DISTINCT host_id) AS hosts,
        array_agg(DISTINCT kernel_release) AS kernels, min(crash_time) AS first, max(crash_time) AS last
      FROM panics WHERE known_bug_id IS NOT NULL GROUP BY 1`;
    expect(rows.length).toBeGreaterThan(0);
    const listed = new Map((await listKnownBugs()).map((b) => [b.id, b]));
    for (const r of rows) {
      const releases = [...new Set(r.kernels.map((k) => describeKernel(k).rhelRelease).filter((x) => x !== null))];
      expect(listed.get(r.id)).toMatchObject({
        panics: Number(r.panics),
        hosts: Number(r.hosts),
        firstSeenAt: r.first,
        lastSeenAt: r.last,
      });
      expect([...listed.get(r.id)!.releases].sort()).toEqual(releases.sort());
      expect(await getBugStats(r.id)).toMatchObject({
        panics: Number(r.panics),
        hosts: Number(r.hosts),
        firstSeenAt: r.first,
        lastSeenAt: r.last,
      });
    }
  });

  it("count the hosts with an unmatched panic as a probe of every host would", async () => {
    const [row] = await getDb().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM hosts h WHERE EXISTS (SELECT 1 FROM panics p WHERE p.host_id = h.id AND p.known_bug_id IS NULL)`;
    const { total } = await listHosts(hostListSearchSchema.parse({ unmatched: "1" }), 50);
    expect(total).toBe(Number(row!.n));
    expect(total).toBeGreaterThan(0);
  });
});
