/**
 * The end of `npm run test:chaos`: what must hold in the database after N uploads made by
 * harness.ts's generateSamples, however often they were retried and whatever crashed meanwhile. Each
 * check is a query: the row count; the uploads found again by their first lines; and every table or
 * column kept beside the panics (counters, first/last times, current kernels, verdicts, kernel
 * history, rollups) compared with a recount from the panics table.
 */
import type pg from "pg";
import { describeKernel, isNewerKernel } from "../lib/kernel";
import { computeVerdict } from "../lib/server/services/host-update";
import { loadKnownBugs } from "../lib/server/services/matching";

export interface Check {
  name: string;
  /** What was found: rows recounted and how many differ, or the value. */
  found: string;
  /** 0 when the check holds. */
  problems: number;
  /** A few of the rows that differ, each with the side it is on (stored or recount). */
  examples: string[];
}

export interface Expected {
  /** The uploads: `${marker} ${i}` is the first line of upload i, for i below count. */
  count: number;
  marker: string;
  /** Upload i went to host `${hostPrefix}-NNNN.example.com`, NNNN = i mod hosts, 4 digits. */
  hostPrefix: string;
  hosts: number;
  /** The panic id each upload's answer (201, or 200 for a retry) gave, where one came. */
  answers: readonly (string | undefined)[];
}

/**
 * Runs every check on `db` (any client: a test's inside its own transaction too), each stored table
 * against its recount as a symmetric difference (rows on one side only). Rows the app keeps at zero (a
 * rollup whose panics moved away) are left out, as its readers leave them out. The verdicts need the
 * catalogue: they read it through lib/server/db, which must point at the same database.
 */
export async function runChecks(db: pg.ClientBase, expected: Expected): Promise<Check[]> {
  const { count, marker, hostPrefix, hosts } = expected;
  const checks: Check[] = [];
  const compare = async (name: string, stored: string, recount: string, params: unknown[] = []) => {
    const { rows } = await db.query<Record<string, unknown>>(
      `WITH stored AS (${stored}), recount AS (${recount})
       SELECT 'stored' AS side, * FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM recount) a
       UNION ALL
       SELECT 'recount' AS side, * FROM (SELECT * FROM recount EXCEPT ALL SELECT * FROM stored) b`,
      params,
    );
    // Both sides again, so that every parameter has a type even when only one side uses it.
    const recounted = await db.query<{ n: string }>(
      `WITH stored AS (${stored}), recount AS (${recount}) SELECT count(*) AS n FROM recount`,
      params,
    );
    checks.push({
      name,
      found: `${recounted.rows[0]!.n} rows recounted, ${rows.length} differ`,
      problems: rows.length,
      examples: rows.slice(0, 3).map((r) => JSON.stringify(r)),
    });
  };
  const hostname = (n: string) => `format('%s-%s.example.com', $1::text, lpad((${n})::text, 4, '0'))`;

  const total = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM panics")).rows[0]!.n);
  checks.push({
    name: `panics: exactly ${count} rows`,
    found: `${total} rows`,
    problems: Math.abs(total - count),
    examples: [],
  });

  // The upload number from the first line, the marker being parameter `param`; null (a difference) without one.
  const upload = (param: string) => `(regexp_match(p.raw_text, '^' || ${param}::text || ' (\\d+)\\n'))[1]::int`;
  await compare(
    "every upload stored exactly once, on its host (first line, host name and count per upload)",
    `SELECT ${upload("$4")} AS upload, h.hostname, count(*)::int AS n FROM panics p JOIN hosts h ON h.id = p.host_id GROUP BY 1, 2`,
    `SELECT i AS upload, ${hostname("i % $2::int")} AS hostname, 1 AS n FROM generate_series(0, $3::int - 1) AS i`,
    [hostPrefix, hosts, count, marker],
  );
  const answered = expected.answers.flatMap((id, i) => (id === undefined ? [] : [[i, id] as const]));
  await compare(
    "every answer's panic id (201, or 200 on a retry) holds that upload",
    `SELECT ${upload("$3")} AS upload, p.id::text FROM panics p WHERE p.id IN (SELECT unnest($2::text[])::bigint)`,
    "SELECT * FROM unnest($1::int[], $2::text[]) AS a(upload, id)",
    [answered.map(([i]) => i), answered.map(([, id]) => id), marker],
  );
  await compare(
    "hosts: one row per host that uploaded, none other",
    "SELECT hostname FROM hosts",
    `SELECT ${hostname("h")} FROM generate_series(0, least($2::int, $3::int) - 1) AS h`,
    [hostPrefix, hosts, count],
  );
  await compare(
    "hosts.panic_count, first_panic_at, last_panic_at",
    "SELECT id, panic_count, first_panic_at, last_panic_at FROM hosts",
    `SELECT h.id, count(p.id)::int, min(p.crash_time), max(p.crash_time)
     FROM hosts h LEFT JOIN panics p ON p.host_id = h.id GROUP BY h.id`,
  );

  // The newest kernel by rpm's rules, and the verdict from it, computed here as ingestion computes them.
  const { rows: perHost } = await db.query<{ id: number; kernels: string[] | null; bugs: string[] | null }>(
    `SELECT h.id, array_agg(DISTINCT p.kernel_release) FILTER (WHERE p.kernel_release IS NOT NULL) AS kernels,
       array_agg(DISTINCT p.known_bug_id) FILTER (WHERE p.known_bug_id IS NOT NULL) AS bugs
     FROM hosts h LEFT JOIN panics p ON p.host_id = h.id GROUP BY h.id`,
  );
  const bugs = await loadKnownBugs();
  const recounted = perHost.map((row) => {
    const current = (row.kernels ?? []).reduce<string | null>((a, k) => (isNewerKernel(k, a) ? k : a), null);
    const verdict = computeVerdict(current, row.bugs ?? [], bugs);
    const list = (ids: string[]) => [...ids].sort().join(",");
    return {
      id: row.id,
      current,
      release: current ? describeKernel(current).rhelRelease : null,
      ...verdict,
      open: list(verdict.open),
      exposure: list(verdict.exposure),
      blockers: list(verdict.blockers),
    };
  });
  const column = <K extends keyof (typeof recounted)[number]>(key: K) => recounted.map((e) => e[key]);
  await compare(
    "hosts.current_kernel and rhel_release (newest kernel of its panics, by rpm's rules)",
    "SELECT id, current_kernel, rhel_release FROM hosts",
    "SELECT * FROM unnest($1::int[], $2::text[], $3::text[])",
    [column("id"), column("current"), column("release")],
  );
  const list = (c: string) => `array_to_string(ARRAY(SELECT unnest(${c}) ORDER BY 1), ',')`;
  await compare(
    "hosts' needs-update verdict (needs_update, target, hardening, open, exposure, blocker bugs)",
    `SELECT id, needs_update, target_kernel, hardening_kernel, ${list("open_bug_ids")}, ${list("exposure_bug_ids")},
       ${list("blocker_bug_ids")}
     FROM hosts`,
    "SELECT * FROM unnest($1::int[], $2::bool[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
    ["id", "needs", "target", "hardening", "open", "exposure", "blockers"].map((key) =>
      column(key as keyof (typeof recounted)[number]),
    ),
  );
  await compare(
    "host_kernels (first/last seen per host and kernel)",
    "SELECT host_id, kernel_release, first_seen_at, last_seen_at, source FROM host_kernels",
    `SELECT host_id, kernel_release, min(crash_time), max(crash_time), 'panic' FROM panics
     WHERE kernel_release IS NOT NULL GROUP BY 1, 2`,
  );
  await compare(
    "signatures.panic_count, host_count, first_seen_at, last_seen_at",
    "SELECT id, panic_count, host_count, first_seen_at, last_seen_at FROM signatures",
    `SELECT s.id, count(p.id)::int, count(DISTINCT p.host_id)::int, min(p.crash_time), max(p.crash_time)
     FROM signatures s LEFT JOIN panics p ON p.signature_id = s.id GROUP BY s.id`,
  );
  // Ingestion keeps a signature's first match, a re-match its most common one: either is one of its panics' bugs.
  await compare(
    "signatures.known_bug_id (null when none of its panics matched, else one of their bugs)",
    `SELECT s.id, s.known_bug_id IS NOT NULL AS matched,
       s.known_bug_id IS NULL OR s.known_bug_id IN (SELECT known_bug_id FROM panics WHERE signature_id = s.id) AS theirs
     FROM signatures s`,
    `SELECT s.id, EXISTS (SELECT 1 FROM panics WHERE signature_id = s.id AND known_bug_id IS NOT NULL), true
     FROM signatures s`,
  );
  await compare(
    "panic_rollups (panics, first_at, last_at per host, kernel, bug and release)",
    `SELECT host_id, kernel_release, bug_key, rhel_release, panics, first_at, last_at FROM panic_rollups
     WHERE panics <> 0`,
    `SELECT host_id, coalesce(kernel_release, ''), coalesce(known_bug_id, ''), coalesce(rhel_release, ''), count(*)::int,
       min(crash_time), max(crash_time)
     FROM panics GROUP BY 1, 2, 3, 4`,
  );
  // The page rollups are spread over 16 shards by host id (host_id % 16), summed on read.
  await compare(
    "panic_kernel_rollups (panics per kernel, release and bug, per shard)",
    "SELECT kernel_release, rhel_release, bug_key, shard, panics FROM panic_kernel_rollups WHERE panics <> 0",
    `SELECT coalesce(kernel_release, ''), coalesce(rhel_release, ''), coalesce(known_bug_id, ''), host_id % 16, count(*)::int
     FROM panics GROUP BY 1, 2, 3, 4`,
  );
  await compare(
    "panic_host_counts (hosts per kernel, bug, release and major, per shard)",
    "SELECT scope, key, shard, hosts FROM panic_host_counts WHERE hosts <> 0",
    `WITH cells AS (
       SELECT DISTINCT host_id, coalesce(kernel_release, '') AS k, coalesce(known_bug_id, '') AS b,
         coalesce(rhel_release, '') AS r
       FROM panics
     )
     SELECT 'kernel', k, host_id % 16, count(DISTINCT host_id)::int FROM cells GROUP BY 2, 3
     UNION ALL SELECT 'bug', b, host_id % 16, count(DISTINCT host_id)::int FROM cells GROUP BY 2, 3
     UNION ALL SELECT 'release', r, host_id % 16, count(DISTINCT host_id)::int FROM cells WHERE r <> '' GROUP BY 2, 3
     UNION ALL SELECT 'major', split_part(r, '.', 1), host_id % 16, count(DISTINCT host_id)::int FROM cells
       WHERE r <> '' GROUP BY 2, 3`,
  );
  await compare(
    "panic_daily_rollups (panics per UTC day and bug, per shard)",
    "SELECT day, bug_key, shard, panics FROM panic_daily_rollups WHERE panics <> 0",
    `SELECT (crash_time AT TIME ZONE 'UTC')::date, coalesce(known_bug_id, ''), host_id % 16, count(*)::int FROM panics GROUP BY 1, 2, 3`,
  );
  return checks;
}
