import { cache } from "react";
import { Prisma } from "../db";
import { getReadDb } from "../db/read";
import { describeKernel } from "../../kernel";

export interface OverviewCounts {
  panics24h: number;
  panics7d: number;
  panics30d: number;
  panicsTotal: number;
  hostsAffected30d: number;
  hostsTotal: number;
  hostsNeedingUpdate: number;
  unmatchedSignatures: number;
}

/** The first UTC midnight at or after `t`: the daily rollup counts whole days from there on. */
function nextUtcMidnight(t: Date): Date {
  const midnight = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  return midnight.getTime() === t.getTime() ? midnight : new Date(midnight.getTime() + 24 * 3600 * 1000);
}

/**
 * Panics that crashed at `since` or later: the panics of the partial day up to the next UTC midnight
 * (at most a day of the (crash_time, ...) index), plus the daily rollup's whole days from there on
 * (kept by the trigger on panics, 16 rows per day and bug, summed). The same count as
 * `count(*) WHERE crash_time >= since`, without reading a month of panics.
 */
function countPanicsSince(since: Date): Prisma.Sql {
  const midnight = nextUtcMidnight(since);
  return Prisma.sql`(
    (SELECT count(*) FROM panics WHERE crash_time >= ${since} AND crash_time < ${midnight})
    + (SELECT COALESCE(sum(panics), 0) FROM panic_daily_rollups WHERE day >= ${midnight.toISOString().slice(0, 10)}::date))`;
}

/** The overview's headline figures, in one round trip. */
export const countOverview = cache(async function countOverview(now = new Date()): Promise<OverviewCounts> {
  const day = 24 * 3600 * 1000;
  const [row] = await (await getReadDb()).$queryRaw<
    {
      panics_24h: bigint;
      panics_7d: bigint;
      panics_30d: bigint;
      panics_total: bigint;
      hosts_30d: bigint;
      hosts_total: bigint;
      needs_update: bigint;
      unmatched: bigint;
    }[]
  >`
    SELECT
      ${countPanicsSince(new Date(now.getTime() - day))} AS panics_24h,
      ${countPanicsSince(new Date(now.getTime() - 7 * day))} AS panics_7d,
      ${countPanicsSince(new Date(now.getTime() - 30 * day))} AS panics_30d,
      (SELECT COALESCE(sum(panics), 0) FROM panic_daily_rollups) AS panics_total,
      (SELECT count(*) FROM hosts WHERE last_panic_at >= ${new Date(now.getTime() - 30 * day)}) AS hosts_30d,
      (SELECT count(*) FROM hosts) AS hosts_total,
      (SELECT count(*) FROM hosts WHERE needs_update) AS needs_update,
      (SELECT count(*) FROM signatures WHERE known_bug_id IS NULL) AS unmatched`;
  return {
    panics24h: Number(row?.panics_24h ?? 0),
    panics7d: Number(row?.panics_7d ?? 0),
    panics30d: Number(row?.panics_30d ?? 0),
    panicsTotal: Number(row?.panics_total ?? 0),
    hostsAffected30d: Number(row?.hosts_30d ?? 0),
    hostsTotal: Number(row?.hosts_total ?? 0),
    hostsNeedingUpdate: Number(row?.needs_update ?? 0),
    unmatchedSignatures: Number(row?.unmatched ?? 0),
  };
});

export interface LatestPanic {
  id: string;
  hostname: string;
  title: string | null;
  kernelRelease: string | null;
  crashTime: Date;
  bugId: string | null;
  bugTitle: string | null;
}

export const listLatestPanics = cache(async function listLatestPanics(limit = 10): Promise<LatestPanic[]> {
  const rows = await (await getReadDb()).panic.findMany({
    orderBy: { crashTime: "desc" },
    take: limit,
    select: {
      id: true,
      title: true,
      kernelRelease: true,
      crashTime: true,
      knownBugId: true,
      host: { select: { hostname: true } },
      knownBug: { select: { title: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    hostname: r.host.hostname,
    title: r.title,
    kernelRelease: r.kernelRelease,
    crashTime: r.crashTime,
    bugId: r.knownBugId,
    bugTitle: r.knownBug?.title ?? null,
  }));
});

const DAY = 24 * 3600 * 1000;
/** Series key of panics that match no known bug, and of the bugs outside the top ones. */
const UNMATCHED_SERIES = "unmatched";
const OTHER_SERIES = "other bugs";

export interface PanicsOverTime {
  /** Series keys: the top bugs by panics over the period, then "other bugs" and "unmatched" when present. */
  series: { key: string; label: string }[];
  /** One row per week (ISO date of its Monday), a count per series key. */
  weeks: Record<string, number | string>[];
}

/**
 * Panics per week over the last 12 months, stacked by the top known bugs: read from the daily rollup
 * (16 rows per day and bug, summed, kept by a trigger on panics), so it costs the same at any fleet size.
 */
export const countPanicsOverTime = cache(async function countPanicsOverTime(
  now = new Date(),
  topBugs = 5,
): Promise<PanicsOverTime> {
  const since = new Date(now.getTime() - 364 * DAY);
  const rows = await (await getReadDb()).$queryRaw<{ week: Date; bug: string | null; n: bigint }[]>`
    SELECT date_trunc('week', day)::date AS week, NULLIF(bug_key, '') AS bug, sum(panics) AS n
    FROM panic_daily_rollups WHERE day >= ${since}::date AND panics > 0 GROUP BY 1, 2`;
  const totals = new Map<string, number>();
  for (const r of rows) if (r.bug) totals.set(r.bug, (totals.get(r.bug) ?? 0) + Number(r.n));
  const top = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topBugs)
    .map(([id]) => id);
  const titles = new Map(
    (
      await (await getReadDb()).knownBug.findMany({ where: { id: { in: top } }, select: { id: true, title: true } })
    ).map((b) => [b.id, b.title]),
  );
  const weeks = new Map<string, Record<string, number | string>>();
  const start = new Date(since);
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  for (let t = start.getTime(); t <= now.getTime(); t += 7 * DAY) {
    const week = new Date(t).toISOString().slice(0, 10);
    weeks.set(week, { week });
  }
  const used = new Set<string>();
  for (const r of rows) {
    const week = r.week.toISOString().slice(0, 10);
    const key = r.bug === null ? UNMATCHED_SERIES : top.includes(r.bug) ? r.bug : OTHER_SERIES;
    used.add(key);
    const row = weeks.get(week) ?? { week };
    row[key] = Number(row[key] ?? 0) + Number(r.n);
    weeks.set(week, row);
  }
  const series = [
    ...top.map((id) => ({ key: id, label: titles.get(id) ?? id })),
    ...[OTHER_SERIES, UNMATCHED_SERIES].filter((k) => used.has(k)).map((k) => ({ key: k, label: k })),
  ];
  return { series, weeks: [...weeks.values()].sort((a, b) => String(a.week).localeCompare(String(b.week))) };
});

export interface TopBug {
  id: string;
  title: string;
  panics: number;
  hosts: number;
  lastSeenAt: Date;
}

/** Known bugs with the most panics in the last 30 days. */
export const listTopBugs = cache(async function listTopBugs(now = new Date(), limit = 8): Promise<TopBug[]> {
  const since = new Date(now.getTime() - 30 * DAY);
  const rows = await (await getReadDb()).$queryRaw<
    { id: string; title: string; panics: bigint; hosts: bigint; last: Date }[]
  >`
    SELECT b.id, b.title, a.panics, a.hosts, a.last FROM (
      SELECT known_bug_id, sum(n) AS panics, count(*) AS hosts, max(last) AS last
      FROM (SELECT known_bug_id, host_id, count(*) AS n, max(crash_time) AS last FROM panics
            WHERE crash_time >= ${since} AND known_bug_id IS NOT NULL GROUP BY 1, 2) per_host
      GROUP BY 1
    ) a JOIN known_bugs b ON b.id = a.known_bug_id ORDER BY a.panics DESC, b.id LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    panics: Number(r.panics),
    hosts: Number(r.hosts),
    lastSeenAt: r.last,
  }));
});

export interface TopKernel {
  kernelRelease: string;
  rhelRelease: string | null;
  panics: number;
  hosts: number;
}

/**
 * Kernel releases with the most panics in the last 30 days. Their panics are counted for every kernel
 * (the (kernel_release, crash_time, host_id) index, no table reads); their distinct hosts for the top
 * ones only, each from its own range of that index.
 */
export const listTopKernels = cache(async function listTopKernels(now = new Date(), limit = 8): Promise<TopKernel[]> {
  const since = new Date(now.getTime() - 30 * DAY);
  const rows = await (await getReadDb()).$queryRaw<{ k: string; panics: bigint; hosts: bigint }[]>`
    WITH top AS (
      SELECT kernel_release, count(*) AS panics FROM panics
      WHERE crash_time >= ${since} AND kernel_release IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}
    )
    SELECT t.kernel_release AS k, t.panics, h.hosts FROM top t
    CROSS JOIN LATERAL (
      SELECT count(DISTINCT host_id) AS hosts FROM panics p WHERE p.kernel_release = t.kernel_release AND p.crash_time >= ${since}
    ) h
    ORDER BY t.panics DESC, t.kernel_release`;
  return rows.map((r) => ({
    kernelRelease: r.k,
    rhelRelease: describeKernel(r.k).rhelRelease,
    panics: Number(r.panics),
    hosts: Number(r.hosts),
  }));
});

export interface TopSignature {
  id: number;
  title: string;
  panics: number;
  hosts: number;
}

/** Unmatched signatures seen in the last 30 days, most panics first (their counters live on the signature row). */
export const listTopUnmatchedSignatures = cache(async function listTopUnmatchedSignatures(
  now = new Date(),
  limit = 5,
): Promise<TopSignature[]> {
  const rows = await (await getReadDb()).signature.findMany({
    where: { knownBugId: null, lastSeenAt: { gte: new Date(now.getTime() - 30 * DAY) } },
    orderBy: [{ panicCount: "desc" }, { id: "asc" }],
    take: limit,
    select: { id: true, title: true, panicCount: true, hostCount: true },
  });
  return rows.map((r) => ({ id: r.id, title: r.title, panics: r.panicCount, hosts: r.hostCount }));
});
