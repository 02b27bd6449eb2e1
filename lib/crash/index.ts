import { detectFormats } from "./detect-format";
import { titleAllReports, type TitledReport } from "./extract-title";
import { normalizeLines, type LogLine } from "./normalize";
import { ANY_HINT_RE, findEarlyLines, windowedLines } from "./windows";
import {
  crashOffsetToHex,
  parseCrashBacktrace,
  parseCrashSys,
  sysPanicMessage,
  type CrashBacktrace,
  type CrashSysHeader,
} from "./parse-crash-session";
import { emptyDetails, parseOopsDetails, type OopsDetails } from "./parse-oops";
import { findLockSites } from "./lockdep";
import { computeSignature, computeVariant } from "./signature";
import { isSkippedFrame, normalizeFunction } from "./stack-params";
import { parseCtime, parseUptime, wallTimeToIso } from "./time";
import type { CrashKind, CrashReport, FollowUp, InputFormat, StackFrame } from "./types";

export * from "./types";

export interface ParseOptions {
  /** Supplies the year that classic syslog prefixes leave out (see time.ts); defaults to now. */
  referenceDate?: Date;
}

/**
 * Turns an uploaded crash text (crash session, vmcore-dmesg, console, syslog or journal, in any
 * mix) into a structured report with a syzkaller-style title and a build-independent signature.
 * Never throws: text without a kernel crash gives `detected: false` with a reason.
 * Runs in time linear in the input (every regex sees a bounded slice of one line).
 */
export function parseCrashSummary(text: string, options: ParseOptions = {}): CrashReport {
  return parseCrashText(text, options, "auto");
}

/**
 * How the lines of a text are read: `full` normalizes every line; `windowed` only the windows around
 * lines that can start a report (windows.ts); `auto` (what parseCrashSummary does) windows a text of
 * WINDOWED_FROM characters or more. Both give one report; the choice is exposed for tests and benches.
 */
export type LineMode = "auto" | "full" | "windowed";

/** parseCrashSummary with the line mode chosen (tests and benches compare the modes). */
export function parseCrashText(text: string, options: ParseOptions, mode: LineMode): CrashReport {
  if (typeof text !== "string") return notDetected([], "input is not text");
  try {
    return parseText(text, options.referenceDate ?? new Date(), mode);
  } catch (error) {
    // Defence in depth only: the parsers are written not to throw.
    return notDetected([], `internal parser error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Texts from this size on are read in windows (windows.ts). */
const WINDOWED_FROM = 1 << 20;

function parseText(text: string, referenceDate: Date, mode: LineMode): CrashReport {
  if (text.trim().length === 0) return notDetected(["console"], "empty input");
  // One regular expression over the whole text first: most uploads of console noise hold no header
  // word and no crash-session field, and need no line-by-line work beyond naming their format.
  if (!ANY_HINT_RE.test(text)) {
    return notDetected(detectFormats(formatSample(text), text, { hasCrashSys: false, hasCrashBt: false }), NO_CRASH);
  }
  const windowed = mode === "windowed" || (mode === "auto" && text.length >= WINDOWED_FROM);
  let lines: LogLine[];
  let banner: LinuxVersion | null;
  let formatLines: LogLine[];
  if (windowed) {
    const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
    lines = windowedLines(source);
    banner = linuxVersion(findEarlyLines(source, "Linux version ", BANNER_LINES));
    // Formats from the windows and, as for a text without a crash, from the first megabyte.
    formatLines = lines.concat(formatSample(source));
  } else {
    lines = normalizeLines(text);
    banner = linuxVersion(lines);
    formatLines = lines;
  }
  const sys = parseCrashSys(lines);
  const bt = parseCrashBacktrace(lines);
  const formats = detectFormats(formatLines, text, { hasCrashSys: sys !== null, hasCrashBt: bt !== null });

  // The sys header repeats the panic string (`PANIC: "kernel BUG at ..."`): hide it from the oops scan.
  const hidden = new Set<number>([...(sys?.lineIndexes ?? []), ...(bt?.lineIndexes ?? [])]);
  const scanLines = hidden.size === 0 ? lines : lines.map((l) => (hidden.has(l.index) ? blanked(l) : l));
  const reports = titleAllReports(scanLines);
  const primary = reports[0] ?? synthesizeFromSession(sys, bt);
  if (!primary) {
    const reason = sys ? "crash session without a panic message or backtrace" : NO_CRASH;
    return notDetected(formats, reason);
  }
  return buildReport(primary, reports.slice(1), scanLines, sys, bt, formats, banner, referenceDate);
}

const NO_CRASH = "no kernel crash report found";

/** The line with its text emptied (spelled out: an object spread was a quarter of parseText's own time). */
function blanked(l: LogLine): LogLine {
  const { index, long, context, timestamp, wallTime, host, prefixes } = l;
  return { index, text: "", long, context, timestamp, wallTime, host, prefixes };
}
/** A text's format is named from its first megabyte when its lines are not all read. */
const FORMAT_SAMPLE = 1 << 20;
/** A `Linux version` banner is looked for in this many first lines. */
const BANNER_LINES = 20000;

function formatSample(text: string): LogLine[] {
  return normalizeLines(text.length > FORMAT_SAMPLE ? text.slice(0, FORMAT_SAMPLE) : text);
}

function buildReport(
  primary: TitledReport,
  later: TitledReport[],
  lines: LogLine[],
  sys: CrashSysHeader | null,
  bt: CrashBacktrace | null,
  formats: InputFormat[],
  banner: LinuxVersion | null,
  referenceDate: Date,
): CrashReport {
  // With caller contexts (`[T123]`), another task's report interleaved with this one does not end it.
  const context = primary.messageLine.context;
  const hasCaller = context !== null && context !== "console";
  const next = later.find((r) => !hasCaller || r.messageLine.context === context)?.startLine ?? lines.length;
  const details: OopsDetails =
    primary.lines.length > 0 && primary.startLine >= 0
      ? parseOopsDetails(lines, primary.startLine, Math.min(next, primary.startLine + 5000))
      : emptyDetails();
  const field = (label: string) => sys?.fields.get(label) ?? null;

  const oopsFrames = details.frames;
  const frames: StackFrame[] = oopsFrames.length > 0 ? oopsFrames : (bt?.frames ?? []);
  const kind = refineKind(primary.kind, primary.messageLine.text);
  let guilty = primary.guiltyFrame;
  if (!guilty) guilty = fallbackGuilty(details, frames);
  const title = primary.title;
  const lockSites = primary.lockChain ? findLockSites(primary.lines.map((l) => l.text)) : [];
  const message = sysPanicMessage(sys ?? emptySys()) ?? (primary.startLine < 0 ? null : messageText(primary));

  const release = field("RELEASE") ?? details.kernelRelease ?? banner?.release ?? null;
  const build = field("VERSION") ?? banner?.build ?? details.kernelBuild ?? null;
  const messageLine = primary.messageLine;
  const date = field("DATE");
  const crashTime =
    (date ? parseCtime(date) : null) ??
    (messageLine.wallTime ? wallTimeToIso(messageLine.wallTime, referenceDate) : null);
  const uptime = field("UPTIME");
  const uptimeSeconds =
    (uptime ? parseUptime(uptime) : null) ?? (messageLine.timestamp !== null ? messageLine.timestamp : null);
  const cpus = field("CPUS");
  const task =
    sys && field("PID") !== null
      ? {
          pid: toInt(field("PID")),
          comm: (field("COMMAND") ?? "").replace(/^"|"$/g, "") || null,
          cpu: toInt(field("CPU")),
        }
      : (details.task ?? (bt ? { pid: bt.pid, comm: bt.comm, cpu: bt.cpu } : null));
  const rip =
    details.rip ??
    (bt && bt.exceptionRips[0]
      ? { function: bt.exceptionRips[0].function, offset: bt.exceptionRips[0].offset, size: null, module: null }
      : null);

  return {
    detected: true,
    reason: null,
    formats,
    kind,
    title,
    message,
    panicked: isPanicked(sys, lines, primary, kind),
    hostname: field("NODENAME") ?? messageLine.host ?? null,
    kernelRelease: release,
    kernelBuild: build,
    arch: archOf(field("MACHINE"), release, details.arch),
    crashTime,
    uptimeSeconds,
    cpus: cpus ? toInt(cpus.split(/\s/)[0] ?? "") : null,
    memory: field("MEMORY"),
    hardware: details.hardware,
    taint: details.taint,
    modules: details.modules,
    task,
    rip,
    frames,
    guiltyFrame: guilty,
    signature: computeSignature(title, guilty, lockSites),
    variant: computeVariant(kind, title, guilty, frames, lockSites),
    followUps: later.map(
      (r): FollowUp => ({ kind: refineKind(r.kind, r.messageLine.text), title: r.title, message: messageText(r) }),
    ),
  };
}

/** A crash session with no oops in its `log`: title the PANIC string with the `bt` frames. */
function synthesizeFromSession(sys: CrashSysHeader | null, bt: CrashBacktrace | null): TitledReport | null {
  const message = sys ? sysPanicMessage(sys) : null;
  if (!message && !bt) return null;
  const synthetic: string[] = [message ?? trapMessage(bt)];
  const rip = bt?.exceptionRips[0];
  if (rip) synthetic.push(`RIP: 0010:${rip.function}+${crashOffsetToHex(rip.offset)}/0x0`);
  synthetic.push("Call Trace:");
  let afterRip = !rip;
  for (const frame of bt?.frames ?? []) {
    if (frame.stack === "exception") {
      afterRip = true;
      continue;
    }
    if (afterRip) synthetic.push(` ${frame.function}+0x0/0x0`);
  }
  const lines = normalizeLines(synthetic.join("\n"));
  const titled = titleAllReports(lines)[0];
  if (!titled) return null;
  return { ...titled, startLine: -1, lines: [], messageLine: { ...titled.messageLine, index: -1 } };
}

/**
 * A `bt` without the panic string: the trap frames above the exception say what happened
 * (x86 BUG() is `ud2`, so invalid_op means a BUG/BUG_ON).
 */
function trapMessage(bt: CrashBacktrace | null): string {
  const names = new Set((bt?.frames ?? []).map((f) => f.function));
  const has = (...fns: string[]) => fns.some((f) => names.has(f));
  if (has("invalid_op", "do_invalid_op", "exc_invalid_op", "asm_exc_invalid_op")) return "kernel BUG at (unknown)";
  if (has("general_protection", "do_general_protection", "exc_general_protection", "asm_exc_general_protection")) {
    return "general protection fault: 0000";
  }
  if (has("divide_error", "do_divide_error", "exc_divide_error")) return "divide error: 0000";
  if (has("page_fault", "do_page_fault", "__do_page_fault", "exc_page_fault", "asm_exc_page_fault")) {
    return "BUG: unable to handle kernel paging request";
  }
  if (has("sysrq_handle_crash")) return "Kernel panic - not syncing: sysrq triggered crash";
  if (has("watchdog_overflow_callback")) return "Kernel panic - not syncing: Watchdog detected hard LOCKUP";
  return "Kernel panic - not syncing: (no panic message)";
}

function refineKind(kind: CrashKind, message: string): CrashKind {
  if (kind !== "PANIC" && kind !== "OTHER" && kind !== "BUG") return kind;
  const m = message;
  if (/hard LOCKUP/i.test(m)) return "HARD_LOCKUP";
  if (/softlockup|soft lockup/.test(m)) return "SOFT_LOCKUP";
  if (/hung_task|blocked tasks/.test(m)) return "HUNG_TASK";
  if (/Out of memory|deadlocked on memory|oom/.test(m)) return "OOM";
  if (/Machine check|MCE|Hardware Error|NMI: Not continuing|NMI IOCK|NMI received/.test(m)) return "HARDWARE";
  return kind;
}

function isPanicked(sys: CrashSysHeader | null, lines: LogLine[], primary: TitledReport, kind: CrashKind): boolean {
  if (sys) return true;
  // A dump taken through kdump: the backtrace runs through crash_kexec.
  if (primary.startLine < 0) return true;
  if (kind === "PANIC") return true;
  const from = Math.max(primary.startLine, 0);
  const limit = Math.min(lines.length, from + 5000);
  for (let i = from; i < limit; i++) {
    const text = lines[i]?.text ?? "";
    if (text.includes("Kernel panic - not syncing") || text.includes("Rebooting in ")) return true;
  }
  return false;
}

function messageText(report: TitledReport): string {
  const text = report.messageLine.text.trim();
  return text.length > 300 ? text.slice(0, 300) : text;
}

function fallbackGuilty(details: OopsDetails, frames: StackFrame[]): string | null {
  if (details.rip && !isSkippedFrame(details.rip.function)) return normalizeFunction(details.rip.function);
  for (const f of frames) if (f.reliable && !isSkippedFrame(f.function)) return normalizeFunction(f.function);
  return null;
}

const LINUX_VERSION_RE = /^Linux version (\S{1,100}) \(.{0,300}\) (#\d{1,6} .{1,120})$/;

interface LinuxVersion {
  release: string;
  build: string;
}

function linuxVersion(lines: LogLine[]): LinuxVersion | null {
  const limit = Math.min(lines.length, BANNER_LINES);
  for (let i = 0; i < limit; i++) {
    const text = lines[i]?.text ?? "";
    if (!text.startsWith("Linux version ")) continue;
    const m = LINUX_VERSION_RE.exec(text);
    if (m) return { release: m[1] ?? "", build: (m[2] ?? "").trim() };
  }
  return null;
}

const ARCHES = ["x86_64", "aarch64", "ppc64le", "ppc64", "s390x", "i686", "i386", "armv7l"];

function archOf(machine: string | null, release: string | null, guessed: string | null): string | null {
  const fromMachine = machine?.split(/\s/)[0];
  if (fromMachine) return fromMachine;
  if (release) for (const a of ARCHES) if (release.endsWith(`.${a}`)) return a;
  return guessed;
}

function toInt(text: string | null): number | null {
  if (text === null) return null;
  const m = /^\d{1,12}/.exec(text.trim());
  return m ? Number(m[0]) : null;
}

function emptySys(): CrashSysHeader {
  return { fields: new Map(), lineIndexes: new Set() };
}

function notDetected(formats: InputFormat[], reason: string): CrashReport {
  return { ...blankCrashReport(), formats, reason };
}

/** A report with every field empty: what a text without a crash yields, and a base for building one by hand. */
export function blankCrashReport(): CrashReport {
  return {
    detected: false,
    reason: null,
    formats: [],
    kind: null,
    title: null,
    message: null,
    panicked: false,
    hostname: null,
    kernelRelease: null,
    kernelBuild: null,
    arch: null,
    crashTime: null,
    uptimeSeconds: null,
    cpus: null,
    memory: null,
    hardware: null,
    taint: null,
    modules: [],
    task: null,
    rip: null,
    frames: [],
    guiltyFrame: null,
    signature: null,
    variant: null,
    followUps: [],
  };
}
