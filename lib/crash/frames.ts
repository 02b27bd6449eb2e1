import type { StackFrame, StackKind } from "./types";

/**
 * One call-trace entry, in every shape RHEL 5-10 and the other architectures print:
 *   ` [<ffffffff8149f0d0>] icmp_unreach+0x140/0x2d0`            (el5/el6/el7, with ` ? ` when unreliable)
 *   `  dump_stack_lvl+0x34/0x48`, `  ? foo+0x1/0x2 [mod]`        (el8+, arm64)
 *   ` [c0000000f1bc20] [c000000000123456] func+0x1/0x2 (unreliable)` (ppc64le)
 *   ` ([<0000000000123456>] func+0x1/0x2)`                         (s390x)
 * Names keep their `.isra.N`/`.cold` suffixes here; stack-params.ts normalizeFunction strips them.
 */
const FRAME_RE =
  /^ *\(?(?:\[<?(?:0x)?[0-9a-f]{1,16}>?\] ?){0,2} *(\? +)?(?::([\w-]{1,64}):)?([A-Za-z_][\w.$]{0,200})\+0x([0-9a-f]{1,16})(?:\/0x([0-9a-f]{1,16}))?\)?(?: \[([\w-]{1,64})\])?( \(unreliable\))?/;

export interface ParsedFrame {
  function: string;
  offset: number | null;
  size: number | null;
  module: string | null;
  reliable: boolean;
}

/**
 * 32-bit ARM: `[<c0013c8c>] (unwind_backtrace+0x0/0xf8) from [<c0011a9c>] (show_stack+0x10/0x14)`, and
 * since 5.x `[<c0110b3c>] (unwind_backtrace) from [<c010ba40>] (show_stack+0x10/0x14)`: the frame is
 * the first function; the caller after `from` is the next line's first function (parseArmFrom).
 */
const ARM_FRAME_RE =
  /^ *\[<[0-9a-f]{1,16}>\] \(([A-Za-z_][\w.$]{0,200})(?:\+0x([0-9a-f]{1,16})\/0x([0-9a-f]{1,16}))?(?: \[([\w-]{1,64})\])?\) from \[<[0-9a-f]{1,16}>\] \(([A-Za-z_][\w.$]{0,200})(?:\+0x([0-9a-f]{1,16})\/0x([0-9a-f]{1,16}))?(?: \[([\w-]{1,64})\])?\)/;
/** `[<ffffffff8100b072>] system_call_fastpath`: an address and a name without offsets (old unwinders). */
const BARE_FRAME_RE = /^ *\[<[0-9a-f]{8,16}>\] (\? )?([A-Za-z_][\w.$]{0,200})(?: \[([\w-]{1,64})\])?$/;

/** Parses a call-trace line; null when the line is not a frame. */
export function parseFrameLine(text: string): ParsedFrame | null {
  const arm = ARM_FRAME_RE.exec(text);
  if (arm) return armFrame(arm[1], arm[2], arm[3], arm[4]);
  const m = FRAME_RE.exec(text);
  if (!m) {
    const bare = BARE_FRAME_RE.exec(text);
    if (!bare) return null;
    return { function: bare[2] ?? "", offset: null, size: null, module: bare[3] ?? null, reliable: !bare[1] };
  }
  const fn = m[3] ?? "";
  if (fn === "RIP" || fn === "IP" || fn === "PC" || fn === "LR") return null;
  return {
    function: fn,
    offset: parseHex(m[4]),
    size: parseHex(m[5]),
    module: m[6] ?? m[2] ?? null,
    reliable: !m[1] && !m[7],
  };
}

/** The caller an arm32 frame line names after `from`; null for other lines. */
export function parseArmFrom(text: string): ParsedFrame | null {
  const arm = ARM_FRAME_RE.exec(text);
  return arm ? armFrame(arm[5], arm[6], arm[7], arm[8]) : null;
}

function armFrame(fn: string | undefined, offset?: string, size?: string, module?: string): ParsedFrame {
  return { function: fn ?? "", offset: parseHex(offset), size: parseHex(size), module: module ?? null, reliable: true };
}

/** `func+0x5e1/0x5f0 [mod]` (RIP/IP/PC lines). */
const SYMBOL_RE =
  /(?::([\w-]{1,64}):)?([A-Za-z_][\w.$]{0,200})\+0x([0-9a-f]{1,16})(?:\/0x([0-9a-f]{1,16}))?(?: \[([\w-]{1,64})\])?/;

export function parseSymbol(text: string): Omit<ParsedFrame, "reliable"> | null {
  const m = SYMBOL_RE.exec(text);
  if (!m) return null;
  return { function: m[2] ?? "", offset: parseHex(m[3]), size: parseHex(m[4]), module: m[5] ?? m[1] ?? null };
}

export function toStackFrame(frame: ParsedFrame, stack: StackKind): StackFrame {
  // Spelled out: an object spread here was most of the time of parseOopsDetails.
  const { function: fn, offset, size, module, reliable } = frame;
  return { function: fn, offset, size, module, reliable, stack };
}

function parseHex(text: string | undefined): number | null {
  if (!text) return null;
  const value = Number.parseInt(text, 16);
  return Number.isSafeInteger(value) ? value : null;
}
