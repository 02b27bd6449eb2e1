import { createHash } from "node:crypto";
import { isSkippedFrame, normalizeFunction, stripFramePrefixes } from "./stack-params";
import type { CrashKind, StackFrame } from "./types";

/** How many reliable frames after the guilty one take part in the signature. */
const SIGNATURE_DEPTH = 3;

/**
 * The bug's group key: sha256 over the title's class (the title without its frame, numbers and
 * addresses masked) and the guilty function without compiler suffixes, plus, for a lockdep deadlock,
 * its lock sites (lockdep.ts): two deadlocks that first meet at one function but chain other locks are
 * two bugs. Like syzkaller's dedup by title, reports with one title share it whatever their stacks;
 * offsets, addresses, line numbers, modules and the kernel build never enter it.
 */
export function computeSignature(title: string, guilty: string | null, lockSites: readonly string[] = []): string {
  const parts = [titleClass(title, guilty), guilty ? normalizeFunction(guilty) : "", ...lockSites];
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

/**
 * A finer fingerprint inside one group (never the group key): the signature's parts plus the kind
 * and the next few reliable, non-generic callers of the guilty frame, which tell apart the paths that
 * reached one function.
 */
export function computeVariant(
  kind: CrashKind,
  title: string,
  guilty: string | null,
  frames: StackFrame[],
  lockSites: readonly string[] = [],
): string {
  const parts = [
    kind,
    titleClass(title, guilty),
    guilty ? normalizeFunction(guilty) : "",
    ...lockSites,
    "|",
    ...nextFrames(guilty, frames),
  ];
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

/**
 * `kernel BUG in tcp_v4_err` → `kernel BUG in`; numbers and hex masked. The title's frame is
 * dropped whatever it is (`in corrupted` when the stack was cut), the guilty frame stands for it.
 */
export function titleClass(title: string, guilty: string | null): string {
  let cls = title;
  if (guilty && cls.endsWith(` ${guilty}`)) cls = cls.slice(0, cls.length - guilty.length - 1);
  else if (/ in [^ ]{1,200}$/.test(cls)) cls = cls.replace(/ [^ ]{1,200}$/, "");
  return cls.replace(/0x[0-9a-f]{1,16}|[0-9a-f]{8,16}/g, "ADDR").replace(/\d{1,20}/g, "N");
}

/** The reliable frames that follow the guilty one (or start the trace when it is not in it). */
export function nextFrames(guilty: string | null, frames: StackFrame[]): string[] {
  const reliable = frames.filter((f) => f.reliable);
  const names = reliable.map((f) => normalizeFunction(stripFramePrefixes(f.function)));
  const target = guilty ? normalizeFunction(guilty) : null;
  let from = target ? names.indexOf(target) : -1;
  from = from < 0 ? 0 : from + 1;
  const out: string[] = [];
  for (let i = from; i < names.length && out.length < SIGNATURE_DEPTH; i++) {
    const name = names[i];
    if (!name || isSkippedFrame(name) || name === target || out[out.length - 1] === name) continue;
    out.push(name);
  }
  return out;
}
