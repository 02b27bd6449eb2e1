import { getDb } from "../db";

export interface HostListRow {
  hostname: string;
  currentKernel: string | null;
  panicCount: number;
  lastPanicAt: Date | null;
}

export interface HostListQuery {
  q?: string;
  page: number;
  pageSize: number;
}

/** Hosts with their panic counts (kept on the host row by ingestion), most recent panic first. */
export async function listHosts(query: HostListQuery): Promise<{ rows: HostListRow[]; total: number }> {
  const db = getDb();
  const where = query.q ? { hostname: { contains: query.q, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    db.host.findMany({
      where,
      select: { hostname: true, currentKernel: true, panicCount: true, lastPanicAt: true },
      orderBy: [{ lastPanicAt: { sort: "desc", nulls: "last" } }, { hostname: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.host.count({ where }),
  ]);
  return { rows, total };
}

/** One host with its kernels seen, newest first. */
export async function getHost(hostname: string) {
  return getDb().host.findUnique({
    where: { hostname },
    include: { kernels: { orderBy: { lastSeenAt: "desc" } } },
  });
}

export interface HostPanicRow {
  id: string;
  crashTime: Date;
  title: string | null;
  kernelRelease: string | null;
  knownBugId: string | null;
}

export async function listPanicsByHost(hostId: number, page: number, pageSize: number): Promise<HostPanicRow[]> {
  const rows = await getDb().panic.findMany({
    where: { hostId },
    orderBy: { crashTime: "desc" },
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { id: true, crashTime: true, title: true, kernelRelease: true, knownBugId: true },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
