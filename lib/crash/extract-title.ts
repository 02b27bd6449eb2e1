import type { LogLine } from "./normalize";
import {
  LINUX_OOPSES,
  REPORT_START_IGNORES,
  SKIP_FRAMES,
  STRIP_FRAME_PREFIXES,
  TRACE,
  type Oops,
  type OopsFormat,
  type StackPart,
  type StackSpec,
} from "./oops-table";
import type { CrashKind } from "./types";

/**
 * Finding the first report in a log and giving it a syzkaller-style title: the report starts at
 * the first line carrying a known header, keeps the lines printed by the same context, and the
 * title comes from the earliest format matching in it plus the guilty frame of its stack.
 */

/** A report never spans more lines than this (keeps the work per report bounded). */
const MAX_REPORT_LINES = 5000;
const MAX_FOLLOW_UPS = 8;

export interface TitledReport {
  startLine: number;
  title: string;
  kind: CrashKind;
  corrupted: boolean;
  /** The guilty frame as printed (syscall prefixes stripped), null when none was found. */
  guiltyFrame: string | null;
  /** The report lines, in the reporting context. */
  lines: LogLine[];
  /** The line the title was taken from. */
  messageLine: LogLine;
}

const QUESTIONABLE_RE =
  /(?:\[<[0-9a-f]{1,16}>\])? \? +[a-zA-Z0-9_.]{1,200}\+0x[0-9a-f]{1,16}\/[0-9a-f]{1,16}|\(unreliable\)/;
const STACK_START_RES = [
  /Call Trace/,
  /Allocated:/,
  /Allocated by task [0-9]{1,10}:/,
  /Freed:/,
  /Freed by task [0-9]{1,10}:/,
  /[^k] backtrace:/,
];
const CORRUPTED_LINE_RE = /^( \[<?(?:0x)?[0-9a-f]{1,16}>?\])? should_fail(slab)?(\.[a-z0-9.]{1,40})?\+0x/;
const TITLE_FRAME_RE =
  /^ *(?:\[<?(?:0x)?[0-9a-f]{1,16}>?\] ){0,2}(?::[a-zA-Z0-9_-]{1,64}:)?([a-zA-Z0-9_]{1,200})(?:\.|\+)/;
// arm32 `[<816d8460>] (dump_backtrace) from [<816d8790>] (show_stack+0x18/0x1c)`: like syzkaller,
// the frame is the function with an offset, i.e. the caller after `from`.
const ARM_FRAME_RE =
  /^ *\[<?[0-9a-f]{1,16}>?\] \([a-zA-Z0-9_.]{1,200}\) from \[<?[0-9a-f]{1,16}>?\] \(([a-zA-Z0-9_]{1,200})(?:\.|\+)/;
const INFO_WITH_STACK = [
  "vmalloc: allocation failure:",
  "FAULT_INJECTION: forcing a failure",
  "FAULT_FLAG_ALLOW_RETRY missing",
];

function matchOops(text: string, oops: Oops): boolean {
  if (!text.includes(oops.header)) return false;
  for (const re of oops.suppressions) if (re.test(text)) return false;
  return true;
}

function findOopsAt(text: string): Oops | null {
  // Every header holds one of these; a cheap pre-filter keeps noise lines fast.
  if (!HEADER_HINT_RE.test(text)) return null;
  for (const oops of LINUX_OOPSES) if (matchOops(text, oops)) return oops;
  return null;
}
const HEADER_HINT_RE =
  /BUG|WARNING:|INFO:|Unable|protection|segment|panic|PANIC|divide|invalid|Oops|UBSAN|Unhandled|Booting|unregister_netdevice|SYZFAIL|LOCKUP|Hardware Error|NMI|EDAC/;

/** Index of the first line that starts a report at or after `from`, or -1. */
export function findFirstOops(lines: LogLine[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (line && findOopsAt(line.text)) return i;
  }
  return -1;
}

/** Titles the report starting at `start`, or null when nothing there can be titled. */
export function titleReport(lines: LogLine[], start: number): TitledReport | null {
  const first = lines[start];
  if (!first) return null;
  const oops = findOopsAt(first.text);
  if (!oops) return null;
  const report = collectReport(lines, start, first.context);
  const described = describe(report.lines.slice(0, report.end), oops) ?? describe(report.all, oops);
  if (described) return { startLine: start, ...described, lines: report.lines };
  // Header without a matching format: the header line itself is the title.
  const pos = first.text.indexOf(oops.header);
  return {
    startLine: start,
    title: first.text.slice(pos).trim(),
    kind: "OTHER",
    corrupted: true,
    guiltyFrame: null,
    lines: report.lines,
    messageLine: first,
  };
}

/** The primary report and the later ones (follow-ups), each titled. */
export function titleAllReports(lines: LogLine[]): TitledReport[] {
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
    if (findOopsAt(text) && !REPORT_START_IGNORES.some((re) => re.test(text))) return i;
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
      if (findOopsAt(text) && !REPORT_START_IGNORES.some((re) => re.test(text))) secondReport = i;
      else if (INFO_WITH_STACK.some((s) => text.includes(s))) secondReport = i;
    }
    if (!isOopsLine) {
      const questionable = QUESTIONABLE_RE.test(text) && !text.includes("<EOI>");
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
    const messageLine = report[bestLine] ?? report[0];
    if (!messageLine) return null;
    return { title: formatTitle(format.fmt, args), kind: format.kind, corrupted, guiltyFrame: guilty, messageLine };
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

/**
 * Removes syscall-entry prefixes from a frame name, one pass in list order as syzkaller does:
 * `__x64_sys_foo` → `sys_foo`, `__se_sys_foo` → `foo`, `SyS_foo` → `foo`.
 */
export function stripFramePrefixes(name: string): string {
  let out = name;
  for (const prefix of STRIP_FRAME_PREFIXES) {
    if (out.startsWith(prefix) && out.length > prefix.length) out = out.slice(prefix.length);
  }
  return out;
}

/** Is this frame generic machinery (see SKIP_FRAMES)? */
export function isSkippedFrame(name: string, extra: readonly string[] = []): boolean {
  return matchesSkip(name, SKIP_FRAMES) || matchesSkip(name, extra);
}

/** A skip list compiled once into one regular expression: `^x$` exact, `^x` prefix, `x$` suffix, else substring. */
const skipMatchers = new WeakMap<readonly string[], RegExp>();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function skipMatcher(patterns: readonly string[]): RegExp {
  let matcher = skipMatchers.get(patterns);
  if (matcher) return matcher;
  const alternatives = patterns.map((p) => {
    const start = p.startsWith("^");
    const end = p.endsWith("$");
    const core = escapeRegExp(p.slice(start ? 1 : 0, end ? p.length - 1 : p.length));
    return `${start ? "^" : ""}${core}${end ? "$" : ""}`;
  });
  matcher = new RegExp(alternatives.join("|"));
  skipMatchers.set(patterns, matcher);
  return matcher;
}

function matchesSkip(name: string, patterns: readonly string[]): boolean {
  return patterns.length > 0 && skipMatcher(patterns).test(name);
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
        if (CORRUPTED_LINE_RE.test(text)) return null;
        if (STACK_START_RES.some((re) => re.test(text))) {
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
        const m = TITLE_FRAME_RE.exec(text) ?? ARM_FRAME_RE.exec(text);
        if (m) push(m);
      }
    } else if (part) {
      for (; i < texts.length; i++) {
        const text = texts[i] ?? "";
        if (CORRUPTED_LINE_RE.test(text)) return null;
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

const STALL_ANCHORS: RegExp[] = [
  /process_one_work/,
  /do_syscall_/,
  /do_fast_syscall_/,
  /sysenter_dispatch/,
  /tracesys_phase2/,
  /netif_receive_skb/,
  /do_softirq/,
  /call_timer_fn/,
  /_run_timers/,
  /run_timer_softirq/,
  /run_ksoftirqd/,
  /smpboot_thread_fn/,
  /kthread/,
  /start_secondary/,
  /cpu_startup_entry/,
  /ret_from_fork/,
  /vfs_write/,
  /vfs_read/,
  /vfs_iter_read/,
  /vfs_iter_write/,
  /do_iter_read/,
  /do_iter_write/,
  /vfs_ioctl/,
  /ksys_ioctl/,
  /compat_ioctl/,
  /compat_sys_ioctl/,
  /blkdev_driver_ioctl/,
  /blkdev_ioctl/,
  /^call_read_iter/,
  /^call_write_iter/,
  /do_iter_readv_writev/,
  /^call_mmap/,
  /mmap_region/,
  /do_mmap/,
  /do_dentry_open/,
  /vfs_open/,
  /^sock_sendmsg/,
  /^sock_recvmsg/,
  /^sock_release/,
  /^__sock_release/,
  /__sys_setsockopt/,
  /kernel_setsockopt/,
  /sock_common_setsockopt/,
  /__sys_listen/,
  /kernel_listen/,
  /sk_common_release/,
  /^sock_mmap/,
  /__sys_accept/,
  /kernel_accept/,
  /^sock_do_ioctl/,
  /^sock_ioctl/,
  /^compat_sock_ioctl/,
  /^nfnetlink_rcv_msg/,
  /^rtnetlink_rcv_msg/,
  /^netlink_dump/,
  /^(?:compat_)?(?:SYSC|SyS|__sys|___sys|__do_sys|__se_sys|__x64_sys)_(?:socketpair|connect|ioctl)/,
  /^(?:socketpair|connect|ioctl)$/,
  /__do_fault/,
  /do_page_fault/,
  /^page_fault$/,
  /__fput/,
  /task_work_run/,
  /exit_to_usermode/,
  /exit_to_user_mode/,
  /smp_call_function/,
  /tasklet_action/,
  /tasklet_hi_action/,
  /^cpu_idle/,
  /^do_idle/,
  /^el0_svc/,
  /^do_el0_svc/,
  /ret_fast_syscall/,
];

function stallFrame(frames: string[]): string | null {
  let prev = frames[0] ?? null;
  for (const frame of frames) {
    if (STALL_ANCHORS.some((re) => re.test(frame))) {
      if (frame.includes("smp_call_function")) return "smp_call_function";
      return prev;
    }
    prev = frame;
  }
  return null;
}

const HANG_ANCHORS: [string, string][] = [
  ["rtnl_lock", ""],
  ["synchronize_rcu", "synchronize_rcu"],
  ["synchronize_srcu", "synchronize_rcu"],
  ["synchronize_net", "synchronize_rcu"],
  ["synchronize_sched", "synchronize_rcu"],
];
const HANG_SKIP = [
  "sched",
  "_lock",
  "_slowlock",
  "down",
  "rwsem",
  "completion",
  "kthread",
  "wait",
  "synchronize",
  "context_switch",
  "__switch_to",
  "cancel_delayed_work",
  "rcu_barrier",
];

function hangFrame(frames: string[]): string | null {
  for (const frame of frames) {
    for (const [anchor, replacement] of HANG_ANCHORS) {
      if (frame.includes(anchor)) return replacement || frame;
    }
  }
  for (const frame of frames) {
    if (!HANG_SKIP.some((s) => frame.includes(s))) return frame;
  }
  return null;
}
