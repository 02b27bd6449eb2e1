/**
 * RHEL major/minor release of a kernel, from the GA-kernel table in data/rhel-kernels.json.
 * The build number (279 in 2.6.32-279.14.1.el6) names the minor: GA_build(minor) <= B < GA_build(next minor).
 * An el8_N / el9_N dist tag names the minor directly and wins over the build number.
 */

import table from "./data/rhel-kernels.json";
import { parseKernelRelease, type KernelRelease } from "./release";
import { rpmvercmp } from "./rpmvercmp";

export interface RhelMinorRelease {
  major: number;
  minor: number;
  /** `6.3` */
  label: string;
  /** GA kernel as `version-release`, e.g. `2.6.32-279.el6`; `?` where the table does not know the GA z-suffix. */
  gaKernel: string;
  /** `279`, `131.0.15`, `70.13.1`; null when the table only knows the build number. */
  gaBuild: string | null;
  gaBuildNumber: number;
  gaDate: string;
  confidence: string;
}

export interface RhelRelease {
  major: number;
  /** null when the kernel predates the major's first GA or is newer than the table knows. */
  minor: number | null;
  /** `6.3`, `newer than 9.8`, `8 (before 8.0 GA)`. */
  label: string;
  /** A later build of the minor's GA kernel (279.14.1 of 279); null when the table lacks the GA z-suffix. */
  isZStream: boolean | null;
  /** The minor is beyond the table's last entry for this major (named by the dist tag, or unknown). */
  newerThanKnown: boolean;
  /** How the minor was found. */
  basis: "dist-tag" | "build-number";
  /** GA kernel of that minor (`2.6.32-279.el6`); null when the minor is not in the table. */
  gaKernel: string | null;
}

interface RawRelease {
  major: number;
  release: string;
  kernel_build: string;
  ga_kernel: string;
  ga_date: string;
  confidence: string;
}

/** Majors whose last minor is final (no further minor releases will come): 5.11, 6.10, 7.9, 8.10. */
const FINAL_MAJORS = new Set([5, 6, 7, 8]);

function toMinorRelease(row: RawRelease): RhelMinorRelease {
  const minor = Number.parseInt(row.release.split(".")[1] ?? "", 10);
  const gaRelease = row.ga_kernel.slice(row.ga_kernel.indexOf("-") + 1);
  const gaBuild = gaRelease.includes("?") ? null : gaRelease.replace(/\.el\d+(_\d+)?$/, "");
  const buildPart = row.kernel_build.slice(row.kernel_build.indexOf("-") + 1);
  return {
    major: row.major,
    minor,
    label: row.release,
    gaKernel: row.ga_kernel,
    gaBuild,
    gaBuildNumber: Number.parseInt(buildPart, 10),
    gaDate: row.ga_date,
    confidence: row.confidence,
  };
}

/** All RHEL minor releases of the table, ordered by major then minor. */
export const RHEL_MINOR_RELEASES: readonly RhelMinorRelease[] = (table.releases as RawRelease[])
  .map(toMinorRelease)
  .sort((a, b) => a.major - b.major || a.minor - b.minor);

function minorsOf(major: number): RhelMinorRelease[] {
  return RHEL_MINOR_RELEASES.filter((r) => r.major === major);
}

function zStreamOf(kernel: KernelRelease, row: RhelMinorRelease): boolean | null {
  if (kernel.buildNumber !== row.gaBuildNumber) return false;
  if (row.gaBuild === null || kernel.build === null) return null;
  return rpmvercmp(kernel.build, row.gaBuild) > 0;
}

/**
 * RHEL major and minor release of a kernel (`2.6.32-279.14.1.el6` -> 6.3, z-stream;
 * `4.18.0-553.el8_10` -> 8.10). Returns null for anything that is not a RHEL-family kernel
 * (Ubuntu, Debian, upstream, Oracle UEK, Fedora, CentOS Stream, unparseable input).
 * EUS/AUS z-streams (3.10.0-1062.26.1.el7) map to the minor they branch from.
 */
export function rhelReleaseOf(input: string | KernelRelease): RhelRelease | null {
  const parsed = typeof input === "string" ? parseKernelRelease(input) : input;
  if (!parsed.valid || parsed.distro !== "rhel" || parsed.distMajor === null) return null;
  const major = parsed.distMajor;
  const minors = minorsOf(major);
  const last = minors.at(-1);
  if (!last) {
    const newest = RHEL_MINOR_RELEASES.at(-1);
    const isNewer = newest !== undefined && major > newest.major;
    return {
      major,
      minor: parsed.distMinor,
      label:
        parsed.distMinor !== null
          ? `${major}.${parsed.distMinor}`
          : isNewer
            ? `newer than ${newest.label}`
            : `${major}`,
      isZStream: null,
      newerThanKnown: isNewer,
      basis: parsed.distMinor !== null ? "dist-tag" : "build-number",
      gaKernel: null,
    };
  }

  if (parsed.distMinor !== null) {
    const row = minors.find((r) => r.minor === parsed.distMinor);
    if (row) {
      return {
        major,
        minor: row.minor,
        label: row.label,
        isZStream: zStreamOf(parsed, row),
        newerThanKnown: false,
        basis: "dist-tag",
        gaKernel: row.gaKernel,
      };
    }
    return {
      major,
      minor: parsed.distMinor,
      label: `${major}.${parsed.distMinor}`,
      isZStream: null,
      newerThanKnown: parsed.distMinor > last.minor,
      basis: "dist-tag",
      gaKernel: null,
    };
  }

  const build = parsed.buildNumber;
  if (build === null) return null;
  let row: RhelMinorRelease | undefined;
  for (const candidate of minors) {
    if (candidate.gaBuildNumber <= build) row = candidate;
  }
  if (!row) {
    return {
      major,
      minor: null,
      label: `${major} (before ${minors[0]?.label ?? major} GA)`,
      isZStream: false,
      newerThanKnown: false,
      basis: "build-number",
      gaKernel: null,
    };
  }
  // Past the last GA of a major that may still get minors: do not guess the minor.
  if (row === last && build > last.gaBuildNumber && !FINAL_MAJORS.has(major)) {
    return {
      major,
      minor: null,
      label: `newer than ${last.label}`,
      isZStream: null,
      newerThanKnown: true,
      basis: "build-number",
      gaKernel: null,
    };
  }
  return {
    major,
    minor: row.minor,
    label: row.label,
    isZStream: zStreamOf(parsed, row),
    newerThanKnown: false,
    basis: "build-number",
    gaKernel: row.gaKernel,
  };
}
