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

/**
 * Panics grouped RHEL major -> minor -> kernel release, and the bug x release matrix, from the
 * per-host rollup (kept by a trigger on panics): one grouped read by kernel and bug, one for the
 * distinct hosts per kernel, minor and major. Kernels map to RHEL releases with lib/kernel.
 */
export const getReleaseOverview = cache(async function getReleaseOverview(topBugs = 12): Promise<ReleaseOverview> {
  const db = await getReadDb();
  const [byKernelBug, bugs] = await Promise.all([
    db.$queryRaw<{ k: string; bug: string; n: bigint }[]>`
      SELECT kernel_release AS k, bug_key AS bug, sum(panics) AS n FROM panic_rollups WHERE panics > 0 GROUP BY 1, 2`,
    db.knownBug.findMany({ select: { id: true, title: true } }),
  ]);
  const releaseOf = new Map<string, string | null>();
  for (const row of byKernelBug)
    if (!releaseOf.has(row.k)) releaseOf.set(row.k, row.k ? describeKernel(row.k).rhelRelease : null);
  const mapped = [...releaseOf].filter((e): e is [string, string] => e[1] !== null);
  const kernelHosts = new Map<string, number>();
  const minorHosts = new Map<string, number>();
  const majorHosts = new Map<string, number>();
  if (mapped.length) {
    const values = Prisma.join(mapped.map(([k, r]) => Prisma.sql`(${k}, ${r}, ${r.split(".")[0]!})`));
    const hostCounts = await db.$queryRaw<
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
  }
  const groups = byKernelBug.map((row) => ({
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
