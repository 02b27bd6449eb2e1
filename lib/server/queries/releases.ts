import { cache } from "react";
import { Prisma } from "../db";
import { getReadDb } from "../db/read";
import { describeKernel } from "../../kernel";

interface KernelCount {
  kernelRelease: string;
  panics: number;
  hosts: number;
}

interface MinorRelease {
  release: string;
  panics: number;
  hosts: number;
  kernels: KernelCount[];
}

export interface MajorRelease {
  major: string;
  panics: number;
  hosts: number;
  minors: MinorRelease[];
}

export interface ReleaseOverview {
  majors: MajorRelease[];
  /** Panics that carry no RHEL release (other distributions, unknown kernels). */
  otherPanics: number;
  /** Bug x minor release panic counts, top bugs first; "unmatched" last. */
  matrix: { bugId: string | null; title: string; counts: Record<string, number>; total: number }[];
  minorReleases: string[];
}

const byVersion = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

function hostsOf(rows: readonly { scope: string | null; k: string; n: bigint }[], scope: string): Map<string, number> {
  return new Map(rows.filter((row) => row.scope === scope).map((row) => [row.k, Number(row.n)]));
}

/**
 * Hosts with a panic on each kernel, RHEL minor release and major, counted over the per-host rollup:
 * the exact answer whatever the releases stored with the panics say, for when they disagree with
 * lib/kernel (see getReleaseOverview). About 150-250 ms on 100,000 rollup rows.
 */
async function countHostsByKernelRecount(mapped: readonly [string, string][]) {
  const kernelHosts = new Map<string, number>();
  const minorHosts = new Map<string, number>();
  const majorHosts = new Map<string, number>();
  if (mapped.length === 0) return { kernelHosts, minorHosts, majorHosts };
  const values = Prisma.join(mapped.map(([k, r]) => Prisma.sql`(${k}, ${r}, ${r.split(".")[0]!})`));
  const hostCounts = await (await getReadDb()).$queryRaw<
    { k: string | null; minor: string | null; major: string | null; hosts: bigint }[]
  >`
    SELECT r.kernel_release AS k, m.minor, m.major, count(DISTINCT r.host_id) AS hosts
    FROM panic_rollups r JOIN (VALUES ${values}) AS m(k, minor, major) ON m.k = r.kernel_release
    WHERE r.panics > 0 GROUP BY GROUPING SETS ((r.kernel_release), (m.minor), (m.major))`;
  for (const h of hostCounts) {
    if (h.k) kernelHosts.set(h.k, Number(h.hosts));
    else if (h.minor) minorHosts.set(h.minor, Number(h.hosts));
    else if (h.major) majorHosts.set(h.major, Number(h.hosts));
  }
  return { kernelHosts, minorHosts, majorHosts };
}

/**
 * Panics grouped RHEL major -> minor -> kernel release, and the bug x release matrix, in one read of
 * two small rollups kept by the trigger on panics: panics per kernel, stored release and bug
 * (panic_kernel_rollups), and hosts per kernel, release and major (panic_host_counts). Kernels map to
 * RHEL releases with lib/kernel, as the panics did when they were stored; should a stored release
 * differ from lib/kernel's answer today (its release table grew since), the hosts are recounted from
 * the per-host rollup instead, so the figures stay exact either way.
 */
export const getReleaseOverview = cache(async function getReleaseOverview(topBugs = 12): Promise<ReleaseOverview> {
  const db = await getReadDb();
  const [rollups, bugs] = await Promise.all([
    // One statement, so that panics and hosts come from one snapshot.
    db.$queryRaw<{ scope: string | null; k: string; r: string; bug: string; n: bigint }[]>`
      SELECT NULL AS scope, kernel_release AS k, rhel_release AS r, bug_key AS bug, sum(panics)::bigint AS n
      FROM panic_kernel_rollups GROUP BY 2, 3, 4 HAVING sum(panics) > 0
      UNION ALL
      SELECT scope, key, '', '', sum(hosts)::bigint FROM panic_host_counts WHERE scope IN ('kernel', 'release', 'major')
      GROUP BY scope, key HAVING sum(hosts) > 0`,
    db.knownBug.findMany({ select: { id: true, title: true } }),
  ]);
  const counted = rollups.filter((row) => row.scope === null);
  const releaseOf = new Map<string, string | null>();
  for (const row of counted)
    if (!releaseOf.has(row.k)) releaseOf.set(row.k, row.k ? describeKernel(row.k).rhelRelease : null);
  const storedAsToday = counted.every((row) => row.r === (releaseOf.get(row.k) ?? ""));
  const mapped = [...releaseOf].filter((e): e is [string, string] => e[1] !== null);
  const { kernelHosts, minorHosts, majorHosts } = storedAsToday
    ? {
        kernelHosts: hostsOf(rollups, "kernel"),
        minorHosts: hostsOf(rollups, "release"),
        majorHosts: hostsOf(rollups, "major"),
      }
    : await countHostsByKernelRecount(mapped);
  const byKernelBug = new Map<string, { k: string; bug: string; n: bigint }>();
  for (const row of counted) {
    const key = `${row.k}\u0000${row.bug}`;
    const group = byKernelBug.get(key);
    if (group) group.n += row.n;
    else byKernelBug.set(key, { k: row.k, bug: row.bug, n: row.n });
  }
  const groups = [...byKernelBug.values()].map((row) => ({
    r: releaseOf.get(row.k) ?? null,
    k: row.k || null,
    bug: row.bug || null,
    n: row.n,
  }));

  const majors = new Map<string, MajorRelease>();
  const bugTotals = new Map<string | null, { counts: Record<string, number>; total: number }>();
  let otherPanics = 0;
  for (const g of groups) {
    const n = Number(g.n);
    const bug = bugTotals.get(g.bug) ?? { counts: {}, total: 0 };
    bug.total += n;
    if (g.r) bug.counts[g.r] = (bug.counts[g.r] ?? 0) + n;
    bugTotals.set(g.bug, bug);
    if (!g.r) {
      otherPanics += n;
      continue;
    }
    const majorKey = g.r.split(".")[0]!;
    const major = majors.get(majorKey) ?? {
      major: majorKey,
      panics: 0,
      hosts: majorHosts.get(majorKey) ?? 0,
      minors: [],
    };
    major.panics += n;
    let minor = major.minors.find((m) => m.release === g.r);
    if (!minor) {
      minor = { release: g.r, panics: 0, hosts: minorHosts.get(g.r) ?? 0, kernels: [] };
      major.minors.push(minor);
    }
    minor.panics += n;
    const kernelRelease = g.k ?? "unknown";
    let kernel = minor.kernels.find((k) => k.kernelRelease === kernelRelease);
    if (!kernel) {
      kernel = { kernelRelease, panics: 0, hosts: kernelHosts.get(g.k ?? "") ?? 0 };
      minor.kernels.push(kernel);
    }
    kernel.panics += n;
    majors.set(majorKey, major);
  }
  const sortedMajors = [...majors.values()].sort((a, b) => Number(b.major) - Number(a.major));
  for (const major of sortedMajors) {
    major.minors.sort((a, b) => byVersion(b.release, a.release));
    for (const minor of major.minors) minor.kernels.sort((a, b) => byVersion(b.kernelRelease, a.kernelRelease));
  }
  const titles = new Map(bugs.map((b) => [b.id, b.title]));
  const ranked = [...bugTotals]
    .filter(([id]) => id !== null)
    .sort((a, b) => b[1].total - a[1].total)
    .slice(0, topBugs);
  const unmatched = bugTotals.get(null);
  const matrix = [
    ...ranked.map(([id, v]) => ({ bugId: id, title: titles.get(id!) ?? id!, ...v })),
    ...(unmatched ? [{ bugId: null, title: "No known bug (unmatched)", ...unmatched }] : []),
  ];
  const minorReleases = sortedMajors.flatMap((m) => m.minors.map((n) => n.release)).sort(byVersion);
  return { majors: sortedMajors, otherPanics, matrix, minorReleases };
});

/** Hosts per RHEL release by their current kernel, and how many of them need an update. */
export const countHostsByRelease = cache(async function countHostsByRelease(): Promise<
  { release: string | null; hosts: number; needsUpdate: number }[]
> {
  const rows = await (await getReadDb()).$queryRaw<{ r: string | null; hosts: bigint; needs: bigint }[]>`
    SELECT rhel_release AS r, count(*) AS hosts, count(*) FILTER (WHERE needs_update) AS needs FROM hosts GROUP BY 1`;
  return rows
    .map((r) => ({ release: r.r, hosts: Number(r.hosts), needsUpdate: Number(r.needs) }))
    .sort((a, b) => (a.release === null ? 1 : b.release === null ? -1 : byVersion(b.release, a.release)));
});
