import type { KernelReport } from "../../schemas/inventory";
import { getDb } from "../db";
import { refreshHostUpdates } from "./host-update";
import { describeKernel } from "../../kernel";
import { hostKey } from "../../schemas/common";

export interface KernelReportResult {
  host: string;
  kernelRelease: string;
  /** The kernel the host is considered to run now. */
  currentKernel: string;
  rhelRelease: string | null;
  needsUpdate: boolean;
  targetKernel: string | null;
  /** The kernel that also closes the host's exposures to known bugs. */
  hardeningKernel: string | null;
}

/**
 * Records the kernel a host runs now. Unlike a panic (whose kernel may be older than the host's),
 * an inventory report is the truth about the running kernel, so it becomes the current kernel even
 * when it is older (a rollback); the host's needs-update verdict is recomputed at once.
 */
export async function reportHostKernel(name: string, report: KernelReport): Promise<KernelReportResult> {
  const db = getDb();
  const hostname = hostKey(name);
  const seenAt = report.bootedAt ?? new Date();
  const facts = describeKernel(report.kernelRelease);
  const hostId = await db.$transaction(async (tx) => {
    const [host] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO hosts (hostname, current_kernel, rhel_release, kernel_reported_at, updated_at)
      VALUES (${hostname}, ${report.kernelRelease}, ${facts.rhelRelease}, now(), now())
      ON CONFLICT (hostname) DO UPDATE SET current_kernel = EXCLUDED.current_kernel,
        rhel_release = EXCLUDED.rhel_release, kernel_reported_at = now(), updated_at = now()
      RETURNING id`;
    if (!host) throw new Error("host upsert returned no row");
    await tx.$executeRaw`
      INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
      VALUES (${host.id}, ${report.kernelRelease}, ${seenAt}, ${seenAt}, 'inventory')
      ON CONFLICT (host_id, kernel_release) DO UPDATE SET
        first_seen_at = LEAST(host_kernels.first_seen_at, EXCLUDED.first_seen_at),
        last_seen_at = GREATEST(host_kernels.last_seen_at, EXCLUDED.last_seen_at),
        source = 'inventory'`;
    return host.id;
  });
  await refreshHostUpdates([hostId]);
  const host = await db.host.findUniqueOrThrow({
    where: { id: hostId },
    select: { currentKernel: true, needsUpdate: true, targetKernel: true, hardeningKernel: true },
  });
  return {
    host: hostname,
    kernelRelease: report.kernelRelease,
    currentKernel: host.currentKernel ?? report.kernelRelease,
    rhelRelease: facts.rhelRelease,
    needsUpdate: host.needsUpdate,
    targetKernel: host.targetKernel,
    hardeningKernel: host.hardeningKernel,
  };
}
