/**
 * What a changelog build label says: its stream, whether it is a z-stream build, its rpm order,
 * and the first RHEL minor release that shipped it to users.
 */

import { parseKernelRelease } from "../kernel/release";
import { RHEL_MINOR_RELEASES, rhelReleaseOf } from "../kernel/rhel-releases";
import { compareEvr } from "../kernel/rpmvercmp";

export interface BuildInfo {
  /** `2.6.32-279.14.1.el6` as written. */
  label: string;
  /** `el6` from the dist tag; null when the label has none (`5.14-1`). */
  stream: string | null;
  /** First number of the release: 279. The z-stream a build belongs to is named by it. */
  base: number | null;
  /**
   * A build with three or more release numbers (`754.25.1.el6`, `570.20.1.el9_6`) is a z-stream
   * build of its base; `364.el6` and el8's development `193.5.el8` are the main line.
   */
  isZStream: boolean;
}

/** Classifies a build label such as `2.6.32-364.el6` (a `kernel-` prefix and an arch suffix are tolerated). */
export function describeBuild(label: string): BuildInfo {
  const parsed = parseKernelRelease(label);
  if (parsed.valid && parsed.build !== null) {
    const parts = parsed.build.split(".").length;
    const isRhel = parsed.distMajor !== null && (parsed.distro === "rhel" || parsed.distro === "centos-stream");
    return {
      label,
      stream: isRhel ? `el${parsed.distMajor}` : null,
      base: parsed.buildNumber,
      isZStream: parts >= 3,
    };
  }
  const dash = label.lastIndexOf("-");
  const release = dash >= 0 ? label.slice(dash + 1) : "";
  const base = Number.parseInt(release, 10);
  return {
    label,
    stream: null,
    base: Number.isNaN(base) ? null : base,
    isZStream: release.split(".").filter((p) => /^\d+$/.test(p)).length >= 3,
  };
}

/** The `version-release` of a `uname -r` or build label, without arch or flavour, for rpm comparison. */
export function comparableOf(label: string): string {
  const parsed = parseKernelRelease(label);
  return parsed.valid ? parsed.versionRelease : label.trim();
}

export interface FirstRelease {
  /** `6.5` */
  minor: string;
  /**
   * The kernel that first shipped the fix: the minor's GA kernel (`2.6.32-431.el6`), or for a
   * z-stream build after its minor's GA, that build itself (`2.6.32-754.25.1.el6`).
   */
  kernel: string;
  /** true when `kernel` is the minor's GA kernel. */
  isGa: boolean;
}

/**
 * The first RHEL minor release that shipped a build to users. Main line: the first minor whose GA
 * kernel is at or after the build in rpm order (364.el6 -> 6.5, GA 2.6.32-431.el6). A z-stream
 * build belongs to its own minor: its GA kernel when the build precedes it (el9's pre-GA
 * 427.5.1.el9_4 -> 9.4 GA 427.13.1), else the build itself. Null when the table has no such minor
 * (a development build after the last known GA).
 */
export function firstReleaseOf(info: BuildInfo): FirstRelease | null {
  if (info.stream === null) return null;
  const major = Number.parseInt(info.stream.slice(2), 10);
  const comparable = comparableOf(info.label);
  if (info.isZStream) {
    const rhel = rhelReleaseOf(info.label);
    if (!rhel || rhel.minor === null) return null;
    const label = `${rhel.major}.${rhel.minor}`;
    if (rhel.gaKernel && !rhel.gaKernel.includes("?") && compareEvr(rhel.gaKernel, comparable) >= 0) {
      return { minor: label, kernel: rhel.gaKernel, isGa: true };
    }
    return { minor: label, kernel: comparable, isGa: false };
  }
  for (const row of RHEL_MINOR_RELEASES) {
    if (row.major !== major) continue;
    const isAtOrAfter = row.gaKernel.includes("?")
      ? info.base !== null && info.base <= row.gaBuildNumber
      : compareEvr(row.gaKernel, comparable) >= 0;
    if (isAtOrAfter) return { minor: row.label, kernel: row.gaKernel, isGa: true };
  }
  return null;
}
