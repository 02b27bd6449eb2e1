import { getDb } from "../db";

export interface OverviewCounts {
  panics24h: number;
  panics7d: number;
  panics30d: number;
  panicsTotal: number;
  hostsAffected30d: number;
  hostsTotal: number;
  unmatchedSignatures: number;
}

/** The overview's headline figures, in one round trip. */
export async function countOverview(now = new Date()): Promise<OverviewCounts> {
  const day = 24 * 3600 * 1000;
  const [row] = await getDb().$queryRaw<
    {
      panics_24h: bigint;
      panics_7d: bigint;
      panics_30d: bigint;
      panics_total: bigint;
      hosts_30d: bigint;
      hosts_total: bigint;
      unmatched: bigint;
    }[]
  >`
    SELECT
      (SELECT count(*) FROM panics WHERE crash_time >= ${new Date(now.getTime() - day)}) AS panics_24h,
      (SELECT count(*) FROM panics WHERE crash_time >= ${new Date(now.getTime() - 7 * day)}) AS panics_7d,
      (SELECT count(*) FROM panics WHERE crash_time >= ${new Date(now.getTime() - 30 * day)}) AS panics_30d,
      (SELECT COALESCE(sum(panic_count), 0) FROM hosts) AS panics_total,
      (SELECT count(*) FROM hosts WHERE last_panic_at >= ${new Date(now.getTime() - 30 * day)}) AS hosts_30d,
      (SELECT count(*) FROM hosts) AS hosts_total,
      (SELECT count(*) FROM signatures WHERE known_bug_id IS NULL) AS unmatched`;
  return {
    panics24h: Number(row?.panics_24h ?? 0),
    panics7d: Number(row?.panics_7d ?? 0),
    panics30d: Number(row?.panics_30d ?? 0),
    panicsTotal: Number(row?.panics_total ?? 0),
    hostsAffected30d: Number(row?.hosts_30d ?? 0),
    hostsTotal: Number(row?.hosts_total ?? 0),
    unmatchedSignatures: Number(row?.unmatched ?? 0),
  };
}

export interface LatestPanic {
  id: string;
  hostname: string;
  title: string | null;
  kernelRelease: string | null;
  crashTime: Date;
  bugId: string | null;
}

export async function listLatestPanics(limit = 10): Promise<LatestPanic[]> {
  const rows = await getDb().panic.findMany({
    orderBy: { crashTime: "desc" },
    take: limit,
    select: { id: true, title: true, kernelRelease: true, crashTime: true, knownBugId: true, host: { select: { hostname: true } } },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    hostname: r.host.hostname,
    title: r.title,
    kernelRelease: r.kernelRelease,
    crashTime: r.crashTime,
    bugId: r.knownBugId,
  }));
}
