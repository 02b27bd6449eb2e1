import { compareEvr, compareKernelReleases, parseKernelRelease, rhelReleaseOf } from "../../kernel";

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
 * Is `candidate` newer than `current` (null counts as older than anything)? Within one stream this is
 * rpm's comparison; across streams (a host reinstalled from el7 to el8) the version decides.
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
