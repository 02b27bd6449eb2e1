import type { LogLine } from "./normalize";
import type { StackFrame } from "./types";

/**
 * The `crash` utility's output: the start-up banner / `sys` header and `bt`.
 * Labels are right-aligned to a fixed column (crash kernel.c display_sys_stats()).
 */

export interface CrashSysHeader {
  fields: Map<string, string>;
  /** Lines that belong to the header, so the oops scan does not read `PANIC: "kernel BUG..."` twice. */
  lineIndexes: Set<number>;
}

const SYS_LABELS = new Set([
  "KERNEL",
  "DEBUG KERNEL",
  "DEBUGINFO",
  "SYSTEM MAP",
  "DUMPFILE",
  "DUMPFILES",
  "CPUS",
  "DATE",
  "UPTIME",
  "LOAD AVERAGE",
  "TASKS",
  "NODENAME",
  "RELEASE",
  "VERSION",
  "MACHINE",
  "MEMORY",
  "PANIC",
  "PID",
  "COMMAND",
  "TASK",
  "CPU",
  "STATE",
]);
// Labels that also start other lines (`PID: 0  TASK: ...` of bt, `CPU: 3 PID:` of oopses): only
// accepted right-aligned, i.e. indented, as in the sys header.
const INDENTED_ONLY = new Set(["PID", "COMMAND", "TASK", "CPU", "STATE", "PANIC"]);
const SYS_LINE_RE = /^( {0,12})([A-Z][A-Z ]{1,13}[A-Z]|[A-Z]{3,4}): (.{0,400})$/;

/** The sys header fields, or null when the text has fewer than three of them. */
export function parseCrashSys(lines: LogLine[]): CrashSysHeader | null {
  const fields = new Map<string, string>();
  const lineIndexes = new Set<number>();
  for (const line of lines) {
    if (line.prefixes.length > 0) continue;
    const colon = labelColon(line.text);
    if (colon < 3 || colon > 12) continue;
    const m = SYS_LINE_RE.exec(line.text);
    if (!m) continue;
    const label = m[2] ?? "";
    if (!SYS_LABELS.has(label)) continue;
    const indent = m[1] ?? "";
    if (INDENTED_ONLY.has(label) && indent.length === 0) continue;
    if (label === "CPU" && !/^\d{1,6}$/.test((m[3] ?? "").trim())) continue;
    if (fields.has(label)) continue;
    fields.set(label, (m[3] ?? "").trim());
    lineIndexes.add(line.index);
  }
  const strong = ["DUMPFILE", "RELEASE", "NODENAME", "MACHINE", "PANIC", "UPTIME", "LOAD AVERAGE", "TASKS", "KERNEL"];
  if (strong.filter((l) => fields.has(l)).length < 3) return null;
  return { fields, lineIndexes };
}

/** Where the first `: ` of a line is when it is within its first 14 characters, else -1 (no whole-line search). */
function labelColon(text: string): number {
  const to = Math.min(text.length - 1, 13);
  for (let i = 0; i < to; i++) if (text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32) return i;
  return -1;
}

/** The PANIC field without its quotes, or null for `""` / `(HARDWARE RESET)`-style values. */
export function sysPanicMessage(header: CrashSysHeader): string | null {
  const panic = header.fields.get("PANIC");
  if (!panic) return null;
  const m = /^"(.{1,400})"$/.exec(panic);
  return m?.[1] ?? null;
}

export interface CrashBacktrace {
  pid: number | null;
  comm: string | null;
  cpu: number | null;
  frames: StackFrame[];
  /** `[exception RIP: func+1505]` entries, in order (function, decimal offset). */
  exceptionRips: { function: string; offset: number | null }[];
  lineIndexes: Set<number>;
}

const BT_HEADER_RE = /^PID: (\d{1,10}) {1,12}TASK: ([0-9a-f]{1,16}) {1,12}CPU: (\d{1,6}) {1,12}COMMAND: "(.{0,64})"/;
const BT_FRAME_RE = /^ {0,2}#(\d{1,4}) \[([0-9a-f]{1,16})\] ([^\s]{1,200}) at ([0-9a-f]{1,16})(?: \[([\w-]{1,64})\])?/;
const BT_EXCEPTION_RE = /^ {1,8}\[exception RIP: ([A-Za-z_][\w.$]{0,200})(?:\+(\d{1,10}))?\]/;
const BT_STACK_MARK_RE = /^-{2,3} <([A-Za-z ]{1,40}) stack> -{2,3}$/;

/**
 * The first `bt` of the text. Frames printed before a `--- <IRQ stack> ---` marker ran on that
 * stack; the exception RIP of a frame becomes a frame of its own (stack `exception`).
 */
export function parseCrashBacktrace(lines: LogLine[]): CrashBacktrace | null {
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.text ?? "";
    if (text.startsWith("PID: ") && BT_HEADER_RE.test(text)) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  const header = BT_HEADER_RE.exec(lines[start]?.text ?? "");
  const bt: CrashBacktrace = {
    pid: header ? Number(header[1]) : null,
    cpu: header ? Number(header[3]) : null,
    comm: header?.[4] ?? null,
    frames: [],
    exceptionRips: [],
    lineIndexes: new Set([start]),
  };
  let segment: StackFrame[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) break;
    const text = line.text;
    if (text.startsWith("crash>") || BT_HEADER_RE.test(text)) break;
    let m = BT_FRAME_RE.exec(text);
    if (m) {
      segment.push({
        function: m[3] ?? "",
        offset: null,
        size: null,
        module: m[5] ?? null,
        reliable: true,
        stack: "task",
      });
      bt.lineIndexes.add(line.index);
      continue;
    }
    if ((m = BT_EXCEPTION_RE.exec(text))) {
      const offset = m[2] ? Number(m[2]) : null;
      bt.exceptionRips.push({ function: m[1] ?? "", offset });
      segment.push({ function: m[1] ?? "", offset, size: null, module: null, reliable: true, stack: "exception" });
      bt.lineIndexes.add(line.index);
      continue;
    }
    if ((m = BT_STACK_MARK_RE.exec(text.trim()))) {
      const kind = (m[1] ?? "").toUpperCase();
      const stack = kind.includes("NMI")
        ? "nmi"
        : kind.includes("IRQ")
          ? "irq"
          : kind.includes("SOFTIRQ")
            ? "softirq"
            : "exception";
      for (const f of segment) if (f.stack === "task") f.stack = stack;
      bt.frames.push(...segment);
      segment = [];
      continue;
    }
    if (text.trim() === "" && segment.length > 0 && !isRegisterLine(lines[i + 1]?.text ?? "")) {
      if (!BT_FRAME_RE.test(lines[i + 1]?.text ?? "")) break;
    }
  }
  bt.frames.push(...segment);
  return bt;
}

function isRegisterLine(text: string): boolean {
  return /^ {2,8}[A-Z0-9_]{2,8}: [0-9a-f]/.test(text);
}

/** Decimal `func+1505` (crash) as hex `func+0x5e1/0x0` frame text (oops style). */
export function crashOffsetToHex(offset: number | null): string {
  return `0x${(offset ?? 0).toString(16)}`;
}
