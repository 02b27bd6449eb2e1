/**
 * Which kernel update a host needs: from its current kernel and the bugs it panicked on, the bugs its
 * kernel still has, the smallest fixed kernel for each in the host's own stream, and one target kernel
 * that fixes them all. Pure: plain data in, JSON-serializable data out.
 */

import { parseKernelRelease } from "../kernel/release";
import { rhelReleaseOf } from "../kernel/rhel-releases";
import { compareStreamKernels, fixKernelsOf, fixStatusOf, type FixStatus } from "./fix-status";
import type { BugConfidence, KnownBug } from "./schema";

export interface HostUpdateInput {
  /** The newest kernel the host has reported (see lib/kernel pickCurrentKernel), as `uname -r`. */
  currentKernel: string;
  /** Known bugs the host has panicked on (matched panics), any order, duplicates allowed. */
  panickedBugIds: readonly string[];
}

export interface BugUpdateItem {
  bugId: string;
  title: string;
  bugConfidence: BugConfidence;
  status: FixStatus;
  /** The stream's main-line fixed-in kernel. */
  fixedIn: string | null;
  /** Smallest fixed kernel after the host's, in the host's stream; null when there is none. */
  minimalFix: string | null;
  /** Why no kernel is recommended for this bug, when that is the case. */
  note: string | null;
}

export interface HostUpdate {
  currentKernel: string;
  stream: string | null;
  distro: string | null;
  /** RHEL minor label (`6.3`), when it is a RHEL-family kernel. */
  rhelRelease: string | null;
  /** Bugs the host panicked on whose fix is not in its kernel. */
  panicked: BugUpdateItem[];
  /** Bugs the host panicked on that its current kernel already fixes. */
  resolved: BugUpdateItem[];
  /** Bugs whose affected range includes the kernel though the host has not panicked on them (yet). */
  exposure: BugUpdateItem[];
  /** Panicked or exposed bugs that no kernel of the host's stream fixes (or whose stream the catalogue lacks). */
  blockers: BugUpdateItem[];
  /**
   * Smallest catalogue kernel of the host's stream that fixes every bug the host panicked on and can
   * be fixed there; null when none is needed or possible. This is the update the host needs.
   */
  panicTarget: string | null;
  /** Smallest kernel of the stream that also fixes every exposure: the kernel to harden to. */
  recommendedTarget: string | null;
  /** Does recommendedTarget fix all panicked and exposed bugs (false when there are blockers)? */
  targetFixesAll: boolean;
  /**
   * The host panicked on a known bug that its kernel does not fix and its stream does (panicTarget
   * is set). Exposure alone does not count: on an old stream nearly every host is exposed to
   * something, and a list of every host would hide the ones that are crashing.
   */
  needsUpdate: boolean;
  /** Set when the kernel cannot be assessed (unparseable, or a distribution the catalogue does not cover). */
  reason: string | null;
}

function toItem(bug: KnownBug, kernel: string): BugUpdateItem {
  const fix = fixStatusOf(bug, kernel);
  let note: string | null = null;
  if (fix.status === "no-fix-in-stream") note = `no fix known in stream ${fix.stream}`;
  if (fix.status === "unknown-stream")
    note = fix.stream
      ? `the catalogue has no fix information for stream ${fix.stream}`
      : "kernel not in a stream the catalogue covers";
  return {
    bugId: bug.id,
    title: bug.title,
    bugConfidence: bug.confidence,
    status: fix.status,
    fixedIn: fix.fixedIn,
    minimalFix: fix.minimalFix,
    note,
  };
}

const isOpen = (item: BugUpdateItem): boolean => item.status === "affected" || item.status === "no-fix-in-stream";

/** Smallest catalogue kernel of `stream`, newer than `current`, that fixes (or is past) every bug in `bugs`. */
function smallestFixingKernel(bugs: readonly KnownBug[], stream: string | null, current: string): string | null {
  if (!stream || bugs.length === 0) return null;
  const candidates = [...new Set(bugs.flatMap((b) => fixKernelsOf(b, stream)))]
    .filter((k) => (compareStreamKernels(k, current, stream) ?? 0) > 0)
    .sort((a, b) => compareStreamKernels(a, b, stream) ?? 0);
  return (
    candidates.find((candidate) =>
      bugs.every((bug) => {
        const status = fixStatusOf(bug, candidate).status;
        return status === "fixed" || status === "not-affected";
      }),
    ) ?? null
  );
}

/**
 * The update a host needs. Bugs fixed only in other streams are never recommended: a host on el6 gets
 * an el6 kernel or a blocker saying its stream has no fix.
 */
export function computeHostUpdate(input: HostUpdateInput, bugs: readonly KnownBug[]): HostUpdate {
  const parsed = parseKernelRelease(input.currentKernel);
  const stream = parsed.valid ? parsed.stream : null;
  const panickedIds = new Set(input.panickedBugIds);

  const panicked: BugUpdateItem[] = [];
  const resolved: BugUpdateItem[] = [];
  const exposure: BugUpdateItem[] = [];
  for (const bug of bugs) {
    const item = toItem(bug, input.currentKernel);
    if (panickedIds.has(bug.id)) {
      if (item.status === "fixed" || item.status === "not-affected") resolved.push(item);
      else panicked.push(item);
    } else if (isOpen(item)) {
      exposure.push(item);
    }
  }

  const open = [...panicked.filter((i) => i.status !== "fixed"), ...exposure];
  const blockers = open.filter((i) => i.status === "no-fix-in-stream" || i.status === "unknown-stream");
  const fixable = (items: readonly BugUpdateItem[]) =>
    bugs.filter((b) => items.some((i) => i.bugId === b.id && i.status === "affected"));
  const panicTarget = smallestFixingKernel(fixable(panicked), stream, input.currentKernel);
  const recommendedTarget = smallestFixingKernel(fixable(open), stream, input.currentKernel);

  let reason: string | null = null;
  if (!parsed.valid) reason = parsed.reason;
  else if (!stream) reason = `${parsed.distro} kernels are not covered by the catalogue's streams`;

  return {
    currentKernel: input.currentKernel,
    stream,
    distro: parsed.valid ? parsed.distro : null,
    rhelRelease: parsed.valid ? (rhelReleaseOf(parsed)?.label ?? null) : null,
    panicked,
    resolved,
    exposure,
    blockers,
    panicTarget,
    recommendedTarget,
    targetFixesAll: recommendedTarget !== null && blockers.length === 0,
    needsUpdate: panicTarget !== null,
    reason,
  };
}
