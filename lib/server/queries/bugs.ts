import { cache } from "react";
import { knownBugSchema, type KnownBug } from "../../kb";
import { getReadDb } from "../db/read";
import { describeKernel } from "../../kernel";

export interface KnownBugRow {
  id: string;
  title: string;
  origin: string;
  panics: number;
  hosts: number;
  releases: string[];
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  fixes: { stream: string; fixedIn: string; isBackport: boolean }[];
}

function byRelease(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am - bm || an - bn;
}

/** RHEL releases ("6.3") of a set of kernel releases, sorted. */
function releasesOf(kernels: readonly string[]): string[] {
  const releases = new Set<string>();
  for (const k of kernels) {
    const release = k ? describeKernel(k).rhelRelease : null;
    if (release) releases.add(release);
  }
  return [...releases].sort(byRelease);
}

/**
 * Every known bug with its panics, hosts, RHEL releases and first/last crash: panics and kernels from
 * the per-kernel rollup, hosts from the host counts (both kept by the trigger on panics, a few thousand
 * rows whatever the fleet's size), first and last crash from the ends of the panics' (known bug,
 * crash time) index.
 */
export const listKnownBugs = cache(async function listKnownBugs(): Promise<KnownBugRow[]> {
  const db = await getReadDb();
  const [rows, fixes] = await Promise.all([
    db.$queryRaw<
      {
        id: string;
        title: string;
        origin: string;
        panics: bigint | null;
        hosts: bigint | null;
        kernels: string[] | null;
        first: Date | null;
        last: Date | null;
      }[]
    >`
      SELECT b.id, b.title, b.origin, a.panics, h.hosts, a.kernels,
        (SELECT min(crash_time) FROM panics WHERE known_bug_id = b.id) AS first,
        (SELECT max(crash_time) FROM panics WHERE known_bug_id = b.id) AS last
      FROM known_bugs b
      LEFT JOIN (
        SELECT bug_key, sum(panics) AS panics, array_agg(DISTINCT kernel_release) AS kernels
        FROM panic_kernel_rollups WHERE bug_key <> '' AND panics > 0 GROUP BY bug_key
      ) a ON a.bug_key = b.id
      LEFT JOIN (SELECT key, sum(hosts) AS hosts FROM panic_host_counts WHERE scope = 'bug' GROUP BY key) h ON h.key = b.id
      ORDER BY a.panics DESC NULLS LAST, b.id`,
    db.knownBugFix.findMany({
      select: { knownBugId: true, stream: true, fixedIn: true, isBackport: true },
      orderBy: [{ stream: "asc" }, { isBackport: "asc" }],
    }),
  ]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    origin: r.origin,
    panics: Number(r.panics ?? 0),
    hosts: Number(r.hosts ?? 0),
    releases: releasesOf(r.kernels ?? []),
    firstSeenAt: r.first,
    lastSeenAt: r.last,
    fixes: fixes.filter((f) => f.knownBugId === r.id),
  }));
});

export interface SignatureRow {
  id: number;
  fingerprint: string;
  kind: string | null;
  title: string;
  panics: number;
  hosts: number;
  kernels: string[];
  kernelCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** How many of a signature's latest panics its "kernels" column looks at. */
const RECENT_PANICS = 500;

/**
 * Signatures no known bug matches, most panics first. Their kernels are computed for the page's rows
 * only, from each signature's latest panics (index (signature_id, crash_time)): most frequent first.
 */
export const listUnmatchedSignatures = cache(async function listUnmatchedSignatures(
  page: number,
  pageSize: number,
): Promise<{ rows: SignatureRow[]; total: number }> {
  const db = await getReadDb();
  const [rows, count] = await Promise.all([
    db.$queryRaw<
      {
        id: number;
        fingerprint: string;
        kind: string | null;
        title: string;
        panic_count: number;
        host_count: number;
        first_seen_at: Date;
        last_seen_at: Date;
        kernels: string[] | null;
        kernel_count: bigint;
      }[]
    >`
      SELECT s.*, k.kernels, k.kernel_count FROM (
        SELECT id, fingerprint, kind, title, panic_count, host_count, first_seen_at, last_seen_at FROM signatures
        WHERE known_bug_id IS NULL ORDER BY panic_count DESC, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
      ) s
      CROSS JOIN LATERAL (
        SELECT (array_agg(kernel_release ORDER BY n DESC))[1:4] AS kernels, count(*) AS kernel_count
        FROM (SELECT kernel_release, count(*) AS n FROM (
                SELECT kernel_release FROM panics p WHERE p.signature_id = s.id AND kernel_release IS NOT NULL
                ORDER BY crash_time DESC LIMIT ${RECENT_PANICS}) recent GROUP BY 1) g
      ) k
      ORDER BY s.panic_count DESC, s.id`,
    db.signature.count({ where: { knownBugId: null } }),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      fingerprint: r.fingerprint,
      kind: r.kind,
      title: r.title,
      panics: r.panic_count,
      hosts: r.host_count,
      kernels: r.kernels ?? [],
      kernelCount: Number(r.kernel_count),
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
    })),
    total: count,
  };
});

export interface BugDetail {
  id: string;
  title: string;
  description: string;
  origin: string;
  definition: KnownBug | null;
  fixes: { stream: string; fixedIn: string; isBackport: boolean }[];
}

/** One known bug with its validated definition (references, rules, fixed-in per stream). */
export const getKnownBug = cache(async function getKnownBug(id: string): Promise<BugDetail | null> {
  const row = await (await getReadDb()).knownBug.findUnique({
    where: { id },
    include: {
      fixes: {
        select: { stream: true, fixedIn: true, isBackport: true },
        orderBy: [{ stream: "asc" }, { isBackport: "asc" }],
      },
    },
  });
  if (!row) return null;
  const parsed = knownBugSchema.safeParse(row.definition);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    origin: row.origin,
    definition: parsed.success ? parsed.data : null,
    fixes: row.fixes,
  };
});

export interface BugStats {
  panics: number;
  hosts: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  byKernel: { kernelRelease: string; rhelRelease: string | null; panics: number }[];
}

/**
 * Panics of one bug per kernel release (the per-kernel rollup), and its totals: hosts from the host
 * counts, first and last crash from the ends of the panics' (known bug, crash time) index.
 */
export const getBugStats = cache(async function getBugStats(id: string): Promise<BugStats> {
  const db = await getReadDb();
  const [byKernel, totals] = await Promise.all([
    db.$queryRaw<{ k: string; n: bigint }[]>`
      SELECT kernel_release AS k, sum(panics) AS n FROM panic_kernel_rollups WHERE bug_key = ${id} AND panics > 0 GROUP BY 1`,
    db.$queryRaw<{ hosts: bigint | null; first: Date | null; last: Date | null }[]>`
      SELECT (SELECT sum(hosts) FROM panic_host_counts WHERE scope = 'bug' AND key = ${id}) AS hosts,
        (SELECT min(crash_time) FROM panics WHERE known_bug_id = ${id}) AS first,
        (SELECT max(crash_time) FROM panics WHERE known_bug_id = ${id}) AS last`,
  ]);
  const rows = byKernel
    .map((r) => ({
      kernelRelease: r.k || "unknown",
      rhelRelease: r.k ? describeKernel(r.k).rhelRelease : null,
      panics: Number(r.n),
    }))
    .sort(
      (a, b) =>
        byRelease(a.rhelRelease ?? "0", b.rhelRelease ?? "0") ||
        a.kernelRelease.localeCompare(b.kernelRelease, "en", { numeric: true }),
    );
  return {
    panics: rows.reduce((sum, r) => sum + r.panics, 0),
    hosts: Number(totals[0]?.hosts ?? 0),
    firstSeenAt: totals[0]?.first ?? null,
    lastSeenAt: totals[0]?.last ?? null,
    byKernel: rows,
  };
});

export interface BugHostRow {
  hostname: string;
  currentKernel: string | null;
  rhelRelease: string | null;
  needsUpdate: boolean;
  targetKernel: string | null;
  panics: number;
  lastPanicAt: Date;
}

/** Hosts that panicked on one bug, most recent first (rollup rows of the bug, grouped by host). */
export const listBugHosts = cache(async function listBugHosts(
  id: string,
  page: number,
  pageSize: number,
): Promise<BugHostRow[]> {
  const rows = await (await getReadDb()).$queryRaw<
    {
      hostname: string;
      current_kernel: string | null;
      rhel_release: string | null;
      needs_update: boolean;
      target_kernel: string | null;
      panics: bigint;
      last: Date;
    }[]
  >`
    SELECT h.hostname, h.current_kernel, h.rhel_release, h.needs_update, h.target_kernel, a.panics, a.last
    FROM (SELECT host_id, sum(panics) AS panics, max(last_at) AS last FROM panic_rollups WHERE bug_key = ${id} AND panics > 0 GROUP BY host_id
          ORDER BY last DESC, host_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) a
    JOIN hosts h ON h.id = a.host_id ORDER BY a.last DESC, h.hostname`;
  return rows.map((r) => ({
    hostname: r.hostname,
    currentKernel: r.current_kernel,
    rhelRelease: r.rhel_release,
    needsUpdate: r.needs_update,
    targetKernel: r.target_kernel,
    panics: Number(r.panics),
    lastPanicAt: r.last,
  }));
});

/** The most recent panic of a bug, for the bug page's sample (its raw text: getPanicRawText). */
export const getLatestPanicOfBug = cache(async function getLatestPanicOfBug(id: string) {
  return (await getReadDb()).panic.findFirst({
    where: { knownBugId: id },
    orderBy: { crashTime: "desc" },
    select: {
      id: true,
      title: true,
      message: true,
      crashTime: true,
      kernelRelease: true,
      matchRule: true,
      host: { select: { hostname: true } },
    },
  });
});

/** One signature group (the Create known bug page's header and metadata). */
export const getSignature = cache(async function getSignature(id: number) {
  return (await getReadDb()).signature.findUnique({ where: { id } });
});

/** A signature's most recent parsed reports, to derive match rules from. */
export const listSignatureSamples = cache(async function listSignatureSamples(id: number, samples = 20) {
  return (await getReadDb()).panic.findMany({
    where: { signatureId: id },
    orderBy: { crashTime: "desc" },
    take: samples,
    select: { id: true, parsed: true, kernelRelease: true, title: true, message: true, kind: true },
  });
});

/** Known bug ids and titles, for filter selects. */
export const listBugChoices = cache(async function listBugChoices(): Promise<{ id: string; title: string }[]> {
  return (await getReadDb()).knownBug.findMany({ select: { id: true, title: true }, orderBy: { id: "asc" } });
});
