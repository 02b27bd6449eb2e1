import { cache } from "react";
import { hostKey } from "../../schemas/common";
import { HOST_SORT_DIRS, type HostListSearch } from "../../schemas/dashboard";
import { Prisma } from "../db";
import { getReadDb } from "../db/read";

const DAY = 24 * 3600 * 1000;

export interface HostListRow {
  hostname: string;
  currentKernel: string | null;
  rhelRelease: string | null;
  panicCount: number;
  panics30d: number;
  lastPanicAt: Date | null;
  topBugId: string | null;
  needsUpdate: boolean;
  targetKernel: string | null;
}

/** `rhel_release` "6.3" for a minor, or every minor of "6". */
function releaseFilter(column: Prisma.Sql, release: string): Prisma.Sql {
  return release.includes(".") ? Prisma.sql`${column} = ${release}` : Prisma.sql`${column} LIKE ${`${release}.%`}`;
}

function hostWhere(query: Partial<HostListSearch>): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) and.push(Prisma.sql`h.hostname ILIKE ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (query.release) and.push(releaseFilter(Prisma.sql`h.rhel_release`, query.release));
  if (query.kernel) and.push(Prisma.sql`h.current_kernel = ${query.kernel}`);
  if (query.needsUpdate) and.push(Prisma.sql`h.needs_update`);
  // The per-host rollup (primary key starts with host_id): a probe of a few rows per host.
  if (query.unmatched)
    and.push(
      Prisma.sql`EXISTS (SELECT 1 FROM panic_rollups r WHERE r.host_id = h.id AND r.bug_key = '' AND r.panics > 0)`,
    );
  return Prisma.join(and, " AND ");
}

const SORT_SQL: Record<HostListSearch["sort"], string> = {
  lastPanic: "h.last_panic_at",
  hostname: "h.hostname",
  panics: "h.panic_count",
  kernel: "h.current_kernel",
  release: "string_to_array(h.rhel_release, '.')::int[]",
};

/**
 * How many hosts the filters keep. Hosts with an unmatched panic, and no other filter, are the
 * rollup's count (panic_host_counts, kept by the trigger on panics) rather than a probe per host.
 */
async function countHosts(query: HostListSearch, where: Prisma.Sql): Promise<{ n: bigint }[]> {
  const db = await getReadDb();
  if (query.unmatched && !query.q && !query.release && !query.kernel && !query.needsUpdate)
    return db.$queryRaw<{ n: bigint }[]>`
      SELECT coalesce((SELECT sum(hosts) FROM panic_host_counts WHERE scope = 'bug' AND key = ''), 0)::bigint AS n`;
  return db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM hosts h WHERE ${where}`;
}

/**
 * One page of hosts, filtered and sorted in SQL. The 30-day count (panics (host_id, crash_time)) and
 * the top bug (panic_rollups) are computed for the page's rows only. Cached per request: the page's
 * header (the count) and its table pass the same parsed `query` object and run it once.
 */
export const listHosts = cache(async function listHosts(
  query: HostListSearch,
  pageSize: number,
  now = new Date(),
): Promise<{ rows: HostListRow[]; total: number }> {
  const db = await getReadDb();
  const where = hostWhere(query);
  const dir = query.dir ?? HOST_SORT_DIRS[query.sort];
  const order = Prisma.raw(`${SORT_SQL[query.sort]} ${dir === "asc" ? "ASC" : "DESC"} NULLS LAST, h.hostname ASC`);
  const since = new Date(now.getTime() - 30 * DAY);
  const [rows, count] = await Promise.all([
    db.$queryRaw<
      {
        hostname: string;
        current_kernel: string | null;
        rhel_release: string | null;
        panic_count: number;
        panics_30d: bigint;
        last_panic_at: Date | null;
        top_bug: string | null;
        needs_update: boolean;
        target_kernel: string | null;
      }[]
    >`
      SELECT h.hostname, h.current_kernel, h.rhel_release, h.panic_count, h.last_panic_at, h.needs_update, h.target_kernel,
        (SELECT count(*) FROM panics p WHERE p.host_id = h.id AND p.crash_time >= ${since}) AS panics_30d,
        (SELECT r.bug_key FROM panic_rollups r WHERE r.host_id = h.id AND r.bug_key <> '' AND r.panics > 0
          GROUP BY r.bug_key ORDER BY sum(r.panics) DESC, r.bug_key LIMIT 1) AS top_bug
      FROM (SELECT h.* FROM hosts h WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(query.page - 1) * pageSize}) h
      ORDER BY ${order}`,
    countHosts(query, where),
  ]);
  return {
    rows: rows.map((r) => ({
      hostname: r.hostname,
      currentKernel: r.current_kernel,
      rhelRelease: r.rhel_release,
      panicCount: r.panic_count,
      panics30d: Number(r.panics_30d),
      lastPanicAt: r.last_panic_at,
      topBugId: r.top_bug,
      needsUpdate: r.needs_update,
      targetKernel: r.target_kernel,
    })),
    total: Number(count[0]?.n ?? 0),
  };
});

/** The choices of the Hosts filters: RHEL releases and the most common current kernels. */
export const listHostFilterOptions = cache(async function listHostFilterOptions(): Promise<{
  releases: string[];
  kernels: string[];
}> {
  const db = await getReadDb();
  const [releases, kernels] = await Promise.all([
    db.$queryRaw<{ r: string }[]>`
      SELECT DISTINCT rhel_release AS r FROM hosts WHERE rhel_release IS NOT NULL`,
    db.$queryRaw<{ k: string }[]>`
      SELECT current_kernel AS k FROM hosts WHERE current_kernel IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 300`,
  ]);
  const byVersion = (a: string, b: string) => {
    const [am = 0, an = 0] = a.split(".").map(Number);
    const [bm = 0, bn = 0] = b.split(".").map(Number);
    return am - bm || an - bn;
  };
  return { releases: releases.map((r) => r.r).sort(byVersion), kernels: kernels.map((k) => k.k).sort() };
});

/** One host (its page's header, update card and metadata share the one query). */
export const getHost = cache(async function getHost(hostname: string) {
  return (await getReadDb()).host.findUnique({ where: { hostname: hostKey(hostname) } });
});

/** The kernels a host was seen running, newest first. */
export const listHostKernels = cache(async function listHostKernels(hostId: number) {
  return (await getReadDb()).hostKernel.findMany({ where: { hostId }, orderBy: { lastSeenAt: "desc" } });
});

export interface HostPanicRow {
  id: string;
  crashTime: Date;
  title: string | null;
  kernelRelease: string | null;
  knownBugId: string | null;
}

export const listPanicsByHost = cache(async function listPanicsByHost(
  hostId: number,
  page: number,
  pageSize: number,
): Promise<HostPanicRow[]> {
  const rows = await (await getReadDb()).panic.findMany({
    where: { hostId },
    orderBy: { crashTime: "desc" },
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { id: true, crashTime: true, title: true, kernelRelease: true, knownBugId: true },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
});

export type TimelinePoint = {
  /** ISO date of the week's Monday (UTC). */
  week: string;
  matched: number;
  unmatched: number;
};

/** A host's panics per week over the last 12 months, matched or not. */
export const countHostPanicsByWeek = cache(async function countHostPanicsByWeek(
  hostId: number,
  now = new Date(),
): Promise<TimelinePoint[]> {
  const since = new Date(now.getTime() - 365 * DAY);
  const rows = await (await getReadDb()).$queryRaw<{ week: Date; matched: bigint; unmatched: bigint }[]>`
    SELECT date_trunc('week', crash_time AT TIME ZONE 'UTC') AS week,
      count(*) FILTER (WHERE known_bug_id IS NOT NULL) AS matched, count(*) FILTER (WHERE known_bug_id IS NULL) AS unmatched
    FROM panics WHERE host_id = ${hostId} AND crash_time >= ${since} GROUP BY 1 ORDER BY 1`;
  if (rows.length === 0) return [];
  const byWeek = new Map(rows.map((r) => [r.week.toISOString().slice(0, 10), r]));
  const start = new Date(since);
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const points: TimelinePoint[] = [];
  for (let t = start.getTime(); t <= now.getTime(); t += 7 * DAY) {
    const week = new Date(t).toISOString().slice(0, 10);
    const row = byWeek.get(week);
    points.push({ week, matched: Number(row?.matched ?? 0), unmatched: Number(row?.unmatched ?? 0) });
  }
  return points;
});

/** Titles of the given known bugs, for labels. */
export async function getBugTitles(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await (await getReadDb()).knownBug.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, title: true },
  });
  return new Map(rows.map((r) => [r.id, r.title]));
}
