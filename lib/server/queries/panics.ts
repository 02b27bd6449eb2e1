import { encodePanicCursor, panicListQuerySchema } from "../../schemas/panic-list";
import { getDb, type Prisma } from "../db";

/** One panic with its host, for the panic page and GET /api/panics/{id}. */
export async function getPanic(id: bigint) {
  return getDb().panic.findUnique({
    where: { id },
    include: {
      host: { select: { hostname: true, currentKernel: true } },
      signature: { select: { id: true, fingerprint: true, title: true, panicCount: true, hostCount: true } },
      knownBug: { select: { id: true, title: true } },
    },
  });
}

/** GET /api/panics: newest crash first, filtered, with an opaque cursor for the next page. */
export async function listPanicsApi(params: URLSearchParams) {
  const query = panicListQuerySchema.parse(Object.fromEntries(params));
  const and: Prisma.PanicWhereInput[] = [];
  if (query.host) and.push({ host: { hostname: query.host } });
  if (query.bug) and.push({ knownBugId: query.bug });
  if (query.signature) and.push({ signature: { fingerprint: query.signature } });
  if (query.kernel) and.push({ kernelRelease: query.kernel });
  if (query.since) and.push({ crashTime: { gte: query.since } });
  if (query.until) and.push({ crashTime: { lt: query.until } });
  if (query.cursor) {
    const { crashTime, id } = query.cursor;
    and.push({ OR: [{ crashTime: { lt: crashTime } }, { crashTime, id: { lt: id } }] });
  }
  const rows = await getDb().panic.findMany({
    where: { AND: and },
    orderBy: [{ crashTime: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true,
      crashTime: true,
      uploadedAt: true,
      kernelRelease: true,
      rhelRelease: true,
      kind: true,
      title: true,
      message: true,
      panicked: true,
      knownBugId: true,
      matchRule: true,
      matchRegression: true,
      source: true,
      host: { select: { hostname: true } },
      signature: { select: { fingerprint: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    panics: page.map(({ host, signature, ...p }) => ({
      ...p,
      id: p.id.toString(),
      url: `/panics/${p.id}`,
      host: host.hostname,
      signature: signature?.fingerprint ?? null,
    })),
    nextCursor: rows.length > query.limit && last ? encodePanicCursor(last.crashTime, last.id) : null,
  };
}
