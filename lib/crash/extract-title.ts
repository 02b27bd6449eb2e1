import type { LogLine } from "./normalize";
import {
  LINUX_OOPSES,
  REPORT_START_IGNORES,
  TRACE,
  type Oops,
  type OopsFormat,
  type StackPart,
  type StackSpec,
} from "./oops-table";
import { isSkippedFrame, LINUX_STACK_PARAMS, stripFramePrefixes } from "./stack-params";
import type { CrashKind } from "./types";

/**
 * Finding the first report in a log and giving it a syzkaller-style title: the report starts at
 * the first line carrying a known header, keeps the lines printed by the same context, and the
 * title comes from the earliest format matching in it plus the guilty frame of its stack.
 */

/** A report never spans more lines than this (keeps the work per report bounded). */
export const MAX_REPORT_LINES = 5000;
const MAX_FOLLOW_UPS = 8;

export interface TitledReport {
  startLine: number;
  title: string;
  kind: CrashKind;
  corrupted: boolean;
  /** The guilty frame as printed (syscall prefixes stripped), null when none was found. */
  guiltyFrame: string | null;
  /** A lockdep deadlock: its lock sites are part of the signature (see lockdep.ts). */
  lockChain: boolean;
  /** The report lines, in the reporting context. */
  lines: LogLine[];
  /** The line the title was taken from. */
  messageLine: LogLine;
}

const INFO_WITH_STACK = [
  "vmalloc: allocation failure:",
  "FAULT_INJECTION: forcing a failure",
  "FAULT_FLAG_ALLOW_RETRY missing",
];

function matchOops(text: string, oops: Oops): boolean {
  let pos = text.indexOf(oops.header);
  while (pos >= 0 && !isHeaderToken(text, pos, oops.header)) pos = text.indexOf(oops.header, pos + 1);
  if (pos < 0) return false;
  for (const re of oops.suppressions) if (re.test(text)) return false;
  return true;
}

/**
 * A header that is a word (`INFO:`, `BUG:`) counts only as a word of its own: not glued to an
 * identifier before it (`CAM_INFO:`, `rmt_storage:INFO:`, `ODEBUG:`), and a `Label:` header is
 * followed by a space or the end of the line (`BTF_INFO:72000001` is a dump, not a report).
 */
function isHeaderToken(text: string, pos: number, header: string): boolean {
  // Multi-word headers are left alone: a console may glue two lines (`...accessgeneral protection fault`).
  if (!header.endsWith(":") || header.includes(" ")) return true;
  if (pos > 0 && /[\w:]/.test(text[pos - 1] ?? "")) return false;
  const after = text[pos + header.length];
  return after === undefined || after === " " || after === "\t";
}

/**
 * Could a line with this text start a report: it holds a known header (suppressions applied)? A
 * splat-only header may still be refused by findOopsAt when no splat is near it.
 */
export function mayStartReport(text: string): boolean {
  return HEADER_HINT_RE.test(text) && LINUX_OOPSES.some((oops) => matchOops(text, oops));
}

/**
 * findOopsAt's answers for the lines titleAllReports is reading: a report's lines are asked again by
 * collectReport and nextReportStart (the header-word regex was a tenth of a typical parse).
 */
let memo: { lines: readonly LogLine[]; found: (Oops | null | undefined)[] } | null = null;

function findOopsAt(lines: readonly LogLine[], index: number): Oops | null {
  if (memo?.lines !== lines) return findOopsUncached(lines, index);
  let found = memo.found[index];
  if (found === undefined) found = memo.found[index] = findOopsUncached(lines, index);
  return found;
}

function findOopsUncached(lines: readonly LogLine[], index: number): Oops | null {
  const text = lines[index]?.text ?? "";
  // Every header holds one of these; a cheap pre-filter keeps noise lines fast.
  if (!HEADER_HINT_RE.test(text)) return null;
  for (const oops of LINUX_OOPSES) {
    if (!matchOops(text, oops)) continue;
    if (oops.splatOnly && !oops.formats.some((f) => f.title.test(text)) && !hasSplatNear(lines, index)) continue;
    return oops;
  }
  return null;
}
/** Every report header holds one of these words (also the pre-scan of index.ts and the bench's floor). */
export const HEADER_HINT_RE =
  /BUG|WARNING:|INFO:|Unable|protection|segment|panic|PANIC|divide|invalid|Oops|UBSAN|Unhandled|Booting|unregister_netdevice|SYZFAIL|LOCKUP|Hardware Error|NMI|EDAC|Internal error|Machine check|VFS: /;

/** How far around a header line the marks of a kernel splat are looked for. */
const SPLAT_BEFORE = 3;
const SPLAT_AFTER = 15;
const STACK_MARK_RE = /^(?:Call Trace:|Call trace:|Backtrace:|RIP: |pc : |PC is at |NIP: |EIP: )/;

/**
 * Is the header line at `index` part of a splat: a `cut here` line just before it (every WARN()
 * prints one), or a stack or register dump right after it, in the same context and before any other
 * report header? A pr_warn() that merely says `WARNING:` (fbcon, capabilities, driver prose) has none.
 */
function hasSplatNear(lines: readonly LogLine[], index: number): boolean {
  const context = lines[index]?.context ?? null;
  const sameContext = (line: LogLine) => line.context === context || line.context === null;
  for (let i = Math.max(0, index - SPLAT_BEFORE); i < index; i++) {
    const line = lines[i];
    if (line && sameContext(line) && line.text.includes("cut here")) return true;
  }
  const to = Math.min(lines.length, index + 1 + SPLAT_AFTER);
  for (let i = index + 1; i < to; i++) {
    const line = lines[i];
    if (!line || !sameContext(line)) continue;
    const text = line.text.trimStart();
    if (STACK_MARK_RE.test(text)) return true;
    if (HEADER_HINT_RE.test(text) && LINUX_OOPSES.some((oops) => matchOops(text, oops))) return false;
  }
  return false;
}

/** Index of the first line that starts a report at or after `from`, or -1. */
function findFirstOops(lines: LogLine[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    if (findOopsAt(lines, i)) return i;
  }
  return -1;
}

/** Titles the report starting at `start`, or null when nothing there can be titled. */
function titleReport(lines: LogLine[], start: number): TitledReport | null {
  const first = lines[start];
  if (!first) return null;
  const oops = findOopsAt(lines, start);
  if (!oops) return null;
  const report = collectReport(lines, start, first.context);
  const described = describe(report.lines.slice(0, report.end), oops) ?? describe(report.all, oops);
  if (described) return { startLine: start, ...described, lines: report.lines };
  // Header without a matching format: the header line itself is the title.
  const pos = first.text.indexOf(oops.header);
  return {
    startLine: start,
    title: first.text.slice(pos).trim(),
    kind: oops.fallbackKind ?? "OTHER",
    corrupted: true,
    guiltyFrame: null,
    lockChain: false,
    lines: report.lines,
    messageLine: first,
  };
}

/** The primary report and the later ones (follow-ups), each titled. */
export function titleAllReports(lines: LogLine[]): TitledReport[] {
  const outer = memo;
  memo = { lines, found: [] };
  try {
    return titleAll(lines);
  } finally {
    memo = outer;
  }
}

function titleAll(lines: LogLine[]): TitledReport[] {
  const out: TitledReport[] = [];
  let from = 0;
  while (out.length <= MAX_FOLLOW_UPS) {
    const start = findFirstOops(lines, from);
    if (start < 0) break;
    const titled = titleReport(lines, start);
    if (titled) out.push(titled);
    from = nextReportStart(lines, start);
    if (from < 0) break;
  }
  return out;
}

/** Where the next independent report starts: the next header line that is not part of this one. */
function nextReportStart(lines: LogLine[], start: number): number {
  const limit = Math.min(lines.length, start + MAX_REPORT_LINES);
  for (let i = start + 1; i < limit; i++) {
    const text = lines[i]?.text ?? "";
    if (findOopsAt(lines, i) && !REPORT_START_IGNORES.some((re) => re.test(text))) return i;
  }
  return limit < lines.length ? limit : -1;
}

interface CollectedReport {
  lines: LogLine[];
  /** Lines up to where a second report starts (in console context). */
  end: number;
  all: LogLine[];
}

function collectReport(lines: LogLine[], start: number, context: string | null): CollectedReport {
  const out: LogLine[] = [];
  const all: LogLine[] = [];
  let end = 0;
  let secondReport = -1;
  let textLines = 0;
  let skipText = false;
  let cpuTraceback = false;
  const limit = Math.min(lines.length, start + MAX_REPORT_LINES);
  for (let i = start; i < limit; i++) {
    const line = lines[i];
    if (!line) break;
    const text = line.text;
    all.push(line);
    const isOopsLine = i === start;
    if (!isOopsLine && secondReport < 0) {
      if (findOopsAt(lines, i) && !REPORT_START_IGNORES.some((re) => re.test(text))) secondReport = i;
      else if (INFO_WITH_STACK.some((s) => text.includes(s))) secondReport = i;
    }
    if (!isOopsLine) {
      const questionable = LINUX_STACK_PARAMS.questionableFrame.test(text) && !text.includes("<EOI>");
      const otherContext = line.context !== context && (!cpuTraceback || !isCpuContext(line.context));
      if (questionable || otherContext) continue;
    }
    textLines++;
    let skipLine = skipText;
    if (text.includes("Disabling lock debugging due to kernel taint")) skipLine = true;
    else if (text.includes("Sending NMI from CPU")) cpuTraceback = true;
    else if (
      textLines > 22 &&
      (text.includes("Kernel panic - not syncing") ||
        text.includes("WARNING: possible circular locking dependency detected"))
    ) {
      skipText = true;
      skipLine = true;
    }
    if (!isOopsLine && skipLine) continue;
    out.push(line);
    if (secondReport < 0 || (context !== null && context !== "console")) end = out.length;
  }
  return { lines: out, end, all };
}

function isCpuContext(context: string | null): boolean {
  return context !== null && context.startsWith("C");
}

interface Described {
  title: string;
  kind: CrashKind;
  corrupted: boolean;
  guiltyFrame: string | null;
  lockChain: boolean;
  messageLine: LogLine;
}

function describe(report: LogLine[], oops: Oops): Described | null {
  const texts = report.map((l) => l.text);
  // Earliest title match wins; among formats matching there, the first whose report steps match.
  let bestLine = -1;
  let bestCol = Number.MAX_SAFE_INTEGER;
  const candidates: { format: OopsFormat; match: RegExpExecArray }[] = [];
  for (let i = 0; i < texts.length && bestLine < 0; i++) {
    const text = texts[i] ?? "";
    for (const format of oops.formats) {
      const m = format.title.exec(text);
      if (!m) continue;
      if (m.index < bestCol) {
        bestCol = m.index;
        candidates.length = 0;
      }
      if (m.index === bestCol) candidates.push({ format, match: m });
    }
    if (candidates.length > 0) bestLine = i;
  }
  if (bestLine < 0) return null;
  for (const { format, match } of candidates) {
    let args: string[] = match.slice(1).map((g) => g ?? "");
    if (format.report) {
      const reportArgs = matchReportSteps(texts, format);
      if (!reportArgs) continue;
      args = reportArgs;
    }
    let corrupted = format.corrupted === true;
    let guilty: string | null = null;
    if (format.stack) {
      guilty = extractStackFrame(texts, bestLine, format.stack);
      if (!guilty) corrupted = true;
      args.push(guilty ?? "corrupted");
    }
    // A title naming its function from a report step (`possible deadlock in %1`) names the guilty frame.
    const named = /in %(\d)$/.exec(format.fmt);
    const namedArg = named ? args[Number(named[1]) - 1] : undefined;
    if (!guilty && namedArg && namedArg !== "corrupted") guilty = namedArg;
    const messageLine = report[bestLine] ?? report[0];
    if (!messageLine) return null;
    return {
      title: formatTitle(format.fmt, args),
      kind: format.kind,
      corrupted,
      guiltyFrame: guilty,
      lockChain: format.lockChain === true,
      messageLine,
    };
  }
  return null;
}

function matchReportSteps(texts: string[], format: OopsFormat): string[] | null {
  const steps = format.report ?? [];
  const args: string[] = [];
  let prev = -1;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    if (!step) return null;
    const from = s === 0 ? 0 : prev + 1;
    const limit = step.within !== undefined && s > 0 ? Math.min(texts.length, prev + 1 + step.within) : texts.length;
    let found = -1;
    for (let i = from; i < limit; i++) {
      const m = step.re.exec(texts[i] ?? "");
      if (m) {
        for (const g of m.slice(1)) args.push(g ?? "");
        found = i;
        break;
      }
    }
    if (found < 0) return null;
    prev = found;
  }
  return args;
}

function formatTitle(fmt: string, args: string[]): string {
  return sanitizeTitle(fmt.replace(/%(\d)/g, (_, d: string) => args[Number(d) - 1] ?? ""));
}

/** Masks what varies between occurrences of one bug (syzkaller's dynamic title replacements). */
export function sanitizeTitle(title: string): string {
  return title
    .replace(/([a-zA-Z][a-zA-Z0-9_.]{0,200})\+0x[0-9a-z]{1,16}\/0x[0-9a-z]{1,16}/g, "$1")
    .replace(/syz-executor[.0-9]{0,12}(?:[/:][0-9]{1,10})?/g, "syz-executor")
    .replace(/\b(?:0x)?[0-9a-f]{6,}\b/g, "ADDR")
    .replace(/\b[0-9]{1,20}\b/g, "NUM")
    .replace(/[^\x20-\x7e]/g, "")
    .trim();
}

function extractStackFrame(texts: string[], start: number, spec: StackSpec): string | null {
  const skip = spec.skip ?? [];
  const frames = runParts(texts, start, spec.parts, skip);
  let frame = pickFrame(frames, spec);
  if (!frame && spec.parts2) frame = pickFrame(runParts(texts, start, spec.parts2, skip), spec);
  return frame;
}

function pickFrame(frames: string[] | null, spec: StackSpec): string | null {
  if (!frames || frames.length === 0) return null;
  let frame: string | null;
  if (spec.extractor === "stall") frame = stallFrame(frames);
  else if (spec.extractor === "hang") frame = hangFrame(frames);
  else frame = frames[0] ?? null;
  return frame === null ? null : stripFramePrefixes(frame);
}

function runParts(texts: string[], start: number, parts: StackPart[], skip: string[]): string[] | null {
  const frames: string[] = [];
  const push = (m: RegExpExecArray) => {
    for (const g of m.slice(1)) {
      if (!g) continue;
      // Extractors see the name as printed (their anchors name entry points such as
      // `__sys_setsockopt`); the title gets it without syscall prefixes.
      const name = stripFramePrefixes(g);
      if (name && !isSkippedFrame(name, skip)) frames.push(g);
      break;
    }
  };
  let i = start;
  nextPart: for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (part === TRACE) {
      for (; i < texts.length; i++) {
        const text = texts[i] ?? "";
        if (LINUX_STACK_PARAMS.corruptedFrame.test(text)) return null;
        if (STACK_START_RE.test(text)) {
          i++;
          continue nextPart;
        }
        const next = parts[p + 1];
        if (next !== undefined && next !== TRACE) {
          const m = next.exec(text);
          if (m) {
            push(m);
            p++;
            i++;
            continue nextPart;
          }
        }
        const m = execFirst(LINUX_STACK_PARAMS.frames, text);
        if (m) push(m);
      }
    } else if (part) {
      for (; i < texts.length; i++) {
        const text = texts[i] ?? "";
        if (LINUX_STACK_PARAMS.corruptedFrame.test(text)) return null;
        const m = part.exec(text);
        if (m) {
          push(m);
          i++;
          continue nextPart;
        }
      }
    }
  }
  return frames;
}

/** LINUX_STACK_PARAMS.stackStarts as one regular expression (one scan of a line instead of six). */
const STACK_START_RE = new RegExp(LINUX_STACK_PARAMS.stackStarts.map((re) => re.source).join("|"));

function execFirst(res: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const re of res) {
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}

function stallFrame(frames: string[]): string | null {
  let prev = frames[0] ?? null;
  for (const frame of frames) {
    if (LINUX_STACK_PARAMS.stallAnchors.some((re) => re.test(frame))) {
      if (frame.includes("smp_call_function")) return "smp_call_function";
      return prev;
    }
    prev = frame;
  }
  return null;
}

function hangFrame(frames: string[]): string | null {
  for (const frame of frames) {
    for (const [anchor, replacement] of LINUX_STACK_PARAMS.hangAnchors) {
      if (frame.includes(anchor)) return replacement || frame;
    }
  }
  for (const frame of frames) {
    if (!LINUX_STACK_PARAMS.hangSkip.some((s) => frame.includes(s))) return frame;
  }
  return null;
}
