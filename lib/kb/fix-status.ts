/**
 * Whether a kernel contains a bug's fix, within the kernel's own stream (el6, el8, upstream...).
 * Comparison is rpm's EVR order on version-release without the arch (4.18.0-553.el8_10 >
 * 4.18.0-477.10.1.el8_8), or mainline version order with -rcN before the release for upstream.
 */

import {
  normalizeUpstreamVersion,
  parseKernelRelease,
  type KernelRelease,
  type KernelReleaseResult,
} from "../kernel/release";
import { compareEvr } from "../kernel/rpmvercmp";
import type { KnownBug, StreamFix } from "./schema";

export type FixStatus =
  /** The kernel is at or past the stream's fixed-in, or on a z-stream at or past a backport. */
  | "fixed"
  /** The kernel predates the fix; `minimalFix` names the smallest fixed kernel after it. */
  | "affected"
  /** The kernel is older than the first affected kernel. */
  | "not-affected"
  /** Affected, and the catalogue knows no fixed kernel in this stream after it. */
  | "no-fix-in-stream"
  /** The catalogue says nothing about this kernel's stream (or the kernel is not parseable). */
  | "unknown-stream";

export interface KernelFixInfo {
  stream: string | null;
  status: FixStatus;
  /** The stream's main-line fixed-in kernel, as written in the catalogue. */
  fixedIn: string | null;
  /** Smallest catalogue kernel newer than this one that has the fix (a z-stream backport when one fits). */
  minimalFix: string | null;
  /** For `fixed`: the catalogue kernel (fixed-in or backport) that makes it so. */
  fixedBy: string | null;
}

interface Comparable {
  key: string;
  version: string;
  buildNumber: number | null;
}

function toComparable(kernel: string | KernelRelease, stream: string): Comparable | null {
  if (typeof kernel === "string" && stream === "upstream") {
    return { key: normalizeUpstreamVersion(kernel), version: kernel, buildNumber: null };
  }
  const parsed = typeof kernel === "string" ? parseKernelRelease(kernel) : kernel;
  if (!parsed.valid || parsed.comparable === null) return null;
  return { key: parsed.comparable, version: parsed.version, buildNumber: parsed.buildNumber };
}

/** Same z-stream branch: same upstream version and same build number (358.x). */
function isSameBranch(a: Comparable, b: Comparable): boolean {
  return a.buildNumber !== null && a.version === b.version && a.buildNumber === b.buildNumber;
}

function kernelHasFix(kernel: Comparable, fix: StreamFix, stream: string): string | null {
  if (fix.fixedIn !== null) {
    const fixedIn = toComparable(fix.fixedIn, stream);
    if (fixedIn && compareEvr(kernel.key, fixedIn.key) >= 0) return fix.fixedIn;
  }
  for (const backport of fix.backports) {
    const b = toComparable(backport, stream);
    if (b && isSameBranch(kernel, b) && compareEvr(kernel.key, b.key) >= 0) return backport;
  }
  return null;
}

/** Fix status of one bug for one kernel (a `uname -r` string or a parsed release). */
export function fixStatusOf(bug: KnownBug, kernel: string | KernelReleaseResult): KernelFixInfo {
  const parsed = typeof kernel === "string" ? parseKernelRelease(kernel) : kernel;
  const stream = parsed.valid ? parsed.stream : null;
  const fix = stream ? bug.fixedIn[stream as keyof KnownBug["fixedIn"]] : undefined;
  const unknown: KernelFixInfo = { stream, status: "unknown-stream", fixedIn: null, minimalFix: null, fixedBy: null };
  if (!parsed.valid || !stream || !fix) return unknown;
  const current = toComparable(parsed, stream);
  if (!current) return unknown;

  const base = { stream, fixedIn: fix.fixedIn };
  if (fix.firstAffected !== null) {
    const first = toComparable(fix.firstAffected, stream);
    if (first && compareEvr(current.key, first.key) < 0) {
      return { ...base, status: "not-affected", minimalFix: null, fixedBy: null };
    }
  }
  const fixedBy = kernelHasFix(current, fix, stream);
  if (fixedBy) return { ...base, status: "fixed", minimalFix: null, fixedBy };

  const candidates = [fix.fixedIn, ...fix.backports]
    .filter((k): k is string => k !== null)
    .map((k) => ({ kernel: k, cmp: toComparable(k, stream) }))
    .filter((c): c is { kernel: string; cmp: Comparable } => c.cmp !== null && compareEvr(c.cmp.key, current.key) > 0)
    .sort((a, b) => compareEvr(a.cmp.key, b.cmp.key));
  const minimal = candidates[0];
  if (!minimal) return { ...base, status: "no-fix-in-stream", minimalFix: null, fixedBy: null };
  return { ...base, status: "affected", minimalFix: minimal.kernel, fixedBy: null };
}

/** Every catalogue kernel of a stream that carries a fix for the bug (main line and backports). */
export function fixKernelsOf(bug: KnownBug, stream: string): string[] {
  const fix = bug.fixedIn[stream as keyof KnownBug["fixedIn"]];
  if (!fix) return [];
  return [fix.fixedIn, ...fix.backports].filter((k): k is string => k !== null);
}

/** Orders two kernels of the same stream (catalogue strings or `uname -r`); null when not comparable. */
export function compareStreamKernels(a: string, b: string, stream: string): -1 | 0 | 1 | null {
  const x = toComparable(a, stream);
  const y = toComparable(b, stream);
  if (!x || !y) return null;
  return compareEvr(x.key, y.key);
}
