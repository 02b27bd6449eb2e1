import { cache } from "react";
import type { CrashReport } from "../../crash";
import { hostKey } from "../../schemas/common";
import { encodePanicCursor, panicListQuerySchema } from "../../schemas/panic-list";
import type { Prisma } from "../db";
import { getReadDb } from "../db/read";

const PANIC_RELATIONS = {
  host: { select: { hostname: true, currentKernel: true } },
  signature: { select: { id: true, fingerprint: true, title: true, panicCount: true, hostCount: true } },
  knownBug: { select: { id: true, title: true } },
} as const;

/** One panic with its host and its raw text, for GET /api/panics/{id}. */
export async function getPanic(id: bigint) {
  return (await getReadDb()).panic.findUnique({ where: { id }, include: PANIC_RELATIONS });
}

/**
 * One panic with its host, signature and known bug but not its raw text (the largest column, read
 * by getPanicRawText when a panel shows it). Cached per request: the panic page's metadata and body
 * query once.
 */
export const getPanicDetail = cache(async function getPanicDetail(id: bigint) {
  return (await getReadDb()).panic.findUnique({ where: { id }, omit: { rawText: true }, include: PANIC_RELATIONS });
});

/** The text a panic was uploaded as, alone. */
export const getPanicRawText = cache(async function getPanicRawText(id: bigint): Promise<string | null> {
  const row = await (await getReadDb()).panic.findUnique({ where: { id }, select: { rawText: true } });
  return row?.rawText ?? null;
});

/** GET /api/panics: newest crash first, filtered, with an opaque cursor for the next page. */
export async function listPanicsApi(params: URLSearchParams) {
  const query = panicListQuerySchema.parse(Object.fromEntries(params));
  const and: Prisma.PanicWhereInput[] = [];
  if (query.host) and.push({ host: { hostname: hostKey(query.host) } });
  if (query.bug) and.push({ knownBugId: query.bug });
  if (query.signature) and.push({ signature: { fingerprint: query.signature } });
  if (query.kernel) and.push({ kernelRelease: query.kernel });
  if (query.since) and.push({ crashTime: { gte: query.since } });
  if (query.until) and.push({ crashTime: { lt: query.until } });
  if (query.cursor) {
    const { crashTime, id } = query.cursor;
    and.push({ OR: [{ crashTime: { lt: crashTime } }, { crashTime, id: { lt: id } }] });
  }
  const rows = await (await getReadDb()).panic.findMany({
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

/** Other panics of a signature group, newest first (the panic page's "same signature" list). */
export const listSignaturePanics = cache(async function listSignaturePanics(
  signatureId: number,
  excludeId: bigint,
  limit = 10,
) {
  const rows = await (await getReadDb()).panic.findMany({
    where: { signatureId, id: { not: excludeId } },
    orderBy: { crashTime: "desc" },
    take: limit,
    select: { id: true, crashTime: true, kernelRelease: true, knownBugId: true, host: { select: { hostname: true } } },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString(), hostname: r.host.hostname }));
});

export type LineMark = "panic" | "rip" | "trace";

/**
 * Which lines of a crash text to highlight: the panic line (the parser's message), the RIP/IP line,
 * and the call-trace frames the parser kept. Matching is textual, so it works for every input format.
 */
export function findKeyLines(text: string, report: Partial<CrashReport>): Map<number, LineMark> {
  const marks = new Map<number, LineMark>();
  const lines = text.split("\n");
  const message = report.message?.trim();
  const frames = new Set((report.frames ?? []).map((f) => f.function));
  const rip = report.rip?.function;
  lines.forEach((line, index) => {
    const n = index + 1;
    if (message && line.includes(message)) marks.set(n, "panic");
    else if (/\b(RIP|IP|NIP|pc)\s*:/.test(line) && (!rip || line.includes(rip) || /\[<[0-9a-f]+>\]/.test(line)))
      marks.set(n, "rip");
    else if (frames.size && /(\[<[0-9a-f]+>\]|\b\w+\+0x[0-9a-f]+\/0x[0-9a-f]+|#\d+ \[[0-9a-f]+\] \w+ at)/.test(line)) {
      const names = line.match(/[A-Za-z_][A-Za-z0-9_.$]*(?=\+0x| at [0-9a-f])/g) ?? [];
      if (names.some((name) => frames.has(name))) marks.set(n, "trace");
    }
  });
  return marks;
}
