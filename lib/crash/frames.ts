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

/** Parses a call-trace line; null when the line is not a frame. */
export function parseFrameLine(text: string): ParsedFrame | null {
  const m = FRAME_RE.exec(text);
  if (!m) return null;
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

/** `func+0x5e1/0x5f0 [mod]` (RIP/IP/PC lines). */
const SYMBOL_RE =
  /(?::([\w-]{1,64}):)?([A-Za-z_][\w.$]{0,200})\+0x([0-9a-f]{1,16})(?:\/0x([0-9a-f]{1,16}))?(?: \[([\w-]{1,64})\])?/;

export function parseSymbol(text: string): Omit<ParsedFrame, "reliable"> | null {
  const m = SYMBOL_RE.exec(text);
  if (!m) return null;
  return { function: m[2] ?? "", offset: parseHex(m[3]), size: parseHex(m[4]), module: m[5] ?? m[1] ?? null };
}

export function toStackFrame(frame: ParsedFrame, stack: StackKind): StackFrame {
  return { ...frame, stack };
}

export function parseHex(text: string | undefined): number | null {
  if (!text) return null;
  const value = Number.parseInt(text, 16);
  return Number.isSafeInteger(value) ? value : null;
}
