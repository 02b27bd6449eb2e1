import { getDb } from "../db";

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
