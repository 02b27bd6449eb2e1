import { createHash } from "node:crypto";
import { parseCrashSummary, type CrashReport } from "../../crash";
import type { PanicUpload } from "../../schemas/panics";
import { getDb, Prisma } from "../db";
import { ApiError } from "../errors";
import { refreshHostUpdates } from "./host-update";
import { describeKernel, isNewerKernel } from "./kernel-facts";
import { matchReport, type PanicMatch } from "./matching";

export interface IngestedPanic {
  id: string;
  url: string;
  host: string;
  kernelRelease: string | null;
  title: string | null;
  signature: string | null;
  bug: { id: string; title: string; fixedIn: string | null } | null;
  regression: boolean;
  needsUpdate: boolean;
}

export type IngestOutcome = { status: "created"; panic: IngestedPanic } | { status: "duplicate"; id: string; url: string };

/**
 * The text whose sha-256 identifies an upload: line ends and trailing blanks differ between a
 * console capture, a file copied from Windows and a re-upload, and must not make a duplicate look new.
 */
export function normalizeForHash(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function panicUrl(id: bigint | string): string {
  return `/panics/${id}`;
}

/** Rejects inputs that cannot become a panic, with the status and code the API answers. */
function validateReport(report: CrashReport, upload: PanicUpload): string {
  if (!report.detected) {
    throw new ApiError(422, "no_crash_detected", `No kernel crash found in the text: ${report.reason ?? "nothing recognizable"}`, {
      reason: report.reason,
    });
  }
  const hostname = upload.hostname ?? report.hostname;
  if (!hostname) {
    throw new ApiError(
      422,
      "hostname_required",
      "The text names no host (vmcore-dmesg.txt and console logs carry no NODENAME): pass ?host=NAME or a hostname field",
    );
  }
  return hostname;
}

/**
 * Ingest one crash summary: parse, match against the known bugs, then upsert the host, the signature
 * and the panic in one transaction. The same normalized text for the same host is a duplicate,
 * enforced by a unique index so that concurrent identical uploads still store one row.
 */
export async function ingestPanic(upload: PanicUpload): Promise<IngestOutcome> {
  const report = parseCrashSummary(upload.text);
  const hostname = validateReport(report, upload);
  const sha256 = sha256Hex(normalizeForHash(upload.text));
  const db = getDb();

  const existing = await db.panic.findFirst({ where: { sha256, host: { hostname } }, select: { id: true } });
  if (existing) return { status: "duplicate", id: existing.id.toString(), url: panicUrl(existing.id) };

  const kernelRelease = upload.kernelRelease ?? report.kernelRelease;
  const kernel = kernelRelease ? describeKernel(kernelRelease) : null;
  const crashTime = upload.crashTime ?? (report.crashTime ? new Date(report.crashTime) : new Date());
  const match: PanicMatch | null = await matchReport(report, kernelRelease);
  const title = report.title ?? report.message ?? "unrecognized crash";
  const fingerprint = report.signature ?? sha256.slice(0, 16);

  try {
    const created = await db.$transaction(async (tx) => {
      const [host] = await tx.$queryRaw<{ id: number; current_kernel: string | null }[]>`
        INSERT INTO hosts (hostname, updated_at) VALUES (${hostname}, now())
        ON CONFLICT (hostname) DO UPDATE SET updated_at = now()
        RETURNING id, current_kernel`;
      if (!host) throw new Error("host upsert returned no row");
      // Serialize concurrent uploads for one host so its counters and current kernel stay exact.
      await tx.$queryRaw`SELECT id FROM hosts WHERE id = ${host.id} FOR UPDATE`;

      const [signature] = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO signatures (fingerprint, kind, title, known_bug_id, first_seen_at, last_seen_at)
        VALUES (${fingerprint}, ${report.kind}, ${title}, ${match?.bugId ?? null}, ${crashTime}, ${crashTime})
        ON CONFLICT (fingerprint) DO UPDATE SET
          first_seen_at = LEAST(signatures.first_seen_at, EXCLUDED.first_seen_at),
          last_seen_at = GREATEST(signatures.last_seen_at, EXCLUDED.last_seen_at),
          known_bug_id = COALESCE(signatures.known_bug_id, EXCLUDED.known_bug_id)
        RETURNING id`;
      if (!signature) throw new Error("signature upsert returned no row");
      const [seen] = await tx.$queryRaw<{ seen: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM panics WHERE signature_id = ${signature.id} AND host_id = ${host.id}) AS seen`;

      const panic = await tx.panic.create({
        data: {
          hostId: host.id,
          rawText: upload.text,
          sha256,
          crashTime,
          source: upload.source,
          kernelRelease,
          rhelRelease: kernel?.rhelRelease ?? null,
          kind: report.kind,
          title,
          message: report.message,
          panicked: report.panicked,
          signatureId: signature.id,
          knownBugId: match?.bugId ?? null,
          matchRule: match?.rule ?? null,
          matchConfidence: match?.confidence ?? null,
          matchRegression: match?.regression ?? false,
          parsed: report as unknown as Prisma.InputJsonValue,
        },
        select: { id: true },
      });

      await tx.$executeRaw`
        UPDATE signatures SET panic_count = panic_count + 1, host_count = host_count + ${seen?.seen ? 0 : 1}
        WHERE id = ${signature.id}`;
      const newKernel = kernelRelease && isNewerKernel(kernelRelease, host.current_kernel) ? kernelRelease : host.current_kernel;
      await tx.$executeRaw`
        UPDATE hosts SET
          panic_count = panic_count + 1,
          first_panic_at = LEAST(COALESCE(first_panic_at, ${crashTime}), ${crashTime}),
          last_panic_at = GREATEST(COALESCE(last_panic_at, ${crashTime}), ${crashTime}),
          current_kernel = ${newKernel},
          rhel_release = ${newKernel ? describeKernel(newKernel).rhelRelease : null}
        WHERE id = ${host.id}`;
      if (kernelRelease) {
        await tx.$executeRaw`
          INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
          VALUES (${host.id}, ${kernelRelease}, ${crashTime}, ${crashTime}, 'panic')
          ON CONFLICT (host_id, kernel_release) DO UPDATE SET
            first_seen_at = LEAST(host_kernels.first_seen_at, EXCLUDED.first_seen_at),
            last_seen_at = GREATEST(host_kernels.last_seen_at, EXCLUDED.last_seen_at)`;
      }
      return { id: panic.id, hostId: host.id };
    });
    await refreshHostUpdates([created.hostId]);
    const host = await db.host.findUniqueOrThrow({ where: { id: created.hostId }, select: { needsUpdate: true } });

    return {
      status: "created",
      panic: {
        id: created.id.toString(),
        url: panicUrl(created.id),
        host: hostname,
        kernelRelease,
        title,
        signature: fingerprint,
        bug: match ? { id: match.bugId, title: match.bugTitle, fixedIn: match.fixedIn } : null,
        regression: match?.regression ?? false,
        needsUpdate: host.needsUpdate,
      },
    };
  } catch (error) {
    // A concurrent identical upload won the unique index: answer as a duplicate, never a second row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await db.panic.findFirst({ where: { sha256, host: { hostname } }, select: { id: true } });
      if (winner) return { status: "duplicate", id: winner.id.toString(), url: panicUrl(winner.id) };
    }
    throw error;
  }
}
