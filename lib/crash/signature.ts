import { createHash } from "node:crypto";
import { isSkippedFrame, normalizeFunction, stripFramePrefixes } from "./stack-params";
import type { CrashKind, StackFrame } from "./types";

/** How many reliable frames after the guilty one take part in the signature. */
export const SIGNATURE_DEPTH = 3;

/**
 * The bug's fingerprint: sha256 over the kind, the title's class (title without its frame,
 * numbers and addresses masked), the guilty function and the next few reliable, non-generic
 * frames, all with compiler suffixes removed. Offsets, addresses, line numbers, modules and the
 * kernel build never enter it, so one bug keeps one signature across builds, hosts and formats.
 */
export function computeSignature(kind: CrashKind, title: string, guilty: string | null, frames: StackFrame[]): string {
  const parts = [
    kind,
    titleClass(title, guilty),
    guilty ? normalizeFunction(guilty) : "",
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
