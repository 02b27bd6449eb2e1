import { cache } from "react";
import { UPDATE_SORT_DIRS, type UpdatesPageSearch, type UpdatesQuery } from "../../schemas/updates";
import type { Prisma } from "../db";
import { getReadDb } from "../db/read";

export interface HostNeedingUpdate {
  hostname: string;
  currentKernel: string | null;
  rhelRelease: string | null;
  targetKernel: string | null;
  hardeningKernel: string | null;
  openBugIds: string[];
  exposureBugIds: string[];
  blockerBugIds: string[];
  lastPanicAt: Date | null;
}

function whereFor(query: Pick<UpdatesQuery, "bug" | "release">): Prisma.HostWhereInput {
  const and: Prisma.HostWhereInput[] = [{ needsUpdate: true }];
  if (query.bug) and.push({ OR: [{ openBugIds: { has: query.bug } }, { exposureBugIds: { has: query.bug } }] });
  if (query.release) {
    and.push(
      query.release.includes(".")
        ? { rhelRelease: query.release }
        : { rhelRelease: { startsWith: `${query.release}.` } },
    );
  }
  return { AND: and };
}

const SELECT = {
  hostname: true,
  currentKernel: true,
  rhelRelease: true,
  targetKernel: true,
  hardeningKernel: true,
  openBugIds: true,
  exposureBugIds: true,
  blockerBugIds: true,
  lastPanicAt: true,
} as const;

const SORT_FIELD = {
  lastPanic: "lastPanicAt",
  hostname: "hostname",
  current: "currentKernel",
  target: "targetKernel",
} as const satisfies Record<UpdatesPageSearch["sort"], keyof typeof SELECT>;

/**
 * One page of the hosts whose stored verdict says they need a kernel update, sorted in SQL (most
 * recent panic first by default). Cached per request: the header's count and the table share it.
 */
export const listHostsNeedingUpdate = cache(async function listHostsNeedingUpdate(
  query: UpdatesPageSearch,
  pageSize: number,
): Promise<{ rows: HostNeedingUpdate[]; total: number }> {
  const db = await getReadDb();
  const where = whereFor(query);
  const field = SORT_FIELD[query.sort];
  const dir = query.dir ?? UPDATE_SORT_DIRS[query.sort];
  const orderBy: Prisma.HostOrderByWithRelationInput[] =
    field === "hostname" ? [{ hostname: dir }] : [{ [field]: { sort: dir, nulls: "last" } }, { hostname: "asc" }];
  const [rows, total] = await Promise.all([
    db.host.findMany({
      where,
      select: SELECT,
      orderBy,
      skip: (query.page - 1) * pageSize,
      take: pageSize,
    }),
    db.host.count({ where }),
  ]);
  return { rows, total };
});

/** Every host needing an update (for CSV and automation), streamed in hostname order a batch at a time. */
export async function* iterateHostsNeedingUpdate(
  query: Pick<UpdatesQuery, "bug" | "release">,
): AsyncGenerator<HostNeedingUpdate> {
  const db = await getReadDb();
  let after = "";
  for (;;) {
    const rows = await db.host.findMany({
      where: { AND: [whereFor(query), { hostname: { gt: after } }] },
      select: SELECT,
      orderBy: { hostname: "asc" },
      take: 2_000,
    });
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.hostname;
  }
}
