import { compareKernelReleases, parseKernelRelease } from "./release";
import { rhelReleaseOf } from "./rhel-releases";
import { compareEvr } from "./rpmvercmp";

export interface KernelFacts {
  release: string;
  stream: string | null;
  /** `6.3`, or null for kernels that are not RHEL's (Ubuntu, upstream, UEK, ...). */
  rhelRelease: string | null;
}

/** What ingestion stores about a kernel release string. */
export function describeKernel(release: string): KernelFacts {
  const parsed = parseKernelRelease(release);
  if (!parsed.valid) return { release, stream: null, rhelRelease: null };
  const rhel = parsed.distro === "rhel" ? rhelReleaseOf(parsed) : null;
  return { release, stream: parsed.stream, rhelRelease: rhel?.label ?? null };
}

/**
 * The one "which kernel is newer" rule: is `candidate` newer than `current` (null counts as older
 * than anything)? Within one stream this is rpm's comparison; across streams (a host reinstalled
 * from el7 to el8) the version decides.
 */
export function isNewerKernel(candidate: string, current: string | null): boolean {
  if (current === null) return true;
  const a = parseKernelRelease(candidate);
  const b = parseKernelRelease(current);
  const sameStream = compareKernelReleases(a, b);
  if (sameStream !== null) return sameStream > 0;
  const left = a.valid ? a.versionRelease : candidate;
  const right = b.valid ? b.versionRelease : current;
  return compareEvr(left, right) > 0;
}

/**
 * A host's current kernel: the newest (isNewerKernel) of the kernels it reported (panics and
 * inventory). Unparseable strings are ignored unless nothing else is left.
 */
export function pickCurrentKernel(kernels: readonly string[]): string | null {
  let best: string | null = null;
  for (const kernel of kernels) {
    if (parseKernelRelease(kernel).valid && isNewerKernel(kernel, best)) best = kernel;
  }
  return best ?? kernels[0] ?? null;
}
