import { parseArmFrom, parseFrameLine, parseSymbol, toStackFrame } from "./frames";
import type { LogLine } from "./normalize";
import type { ParsedFrame } from "./frames";
import type { RipInfo, StackFrame, StackKind, TaintInfo, TaskInfo } from "./types";

/**
 * The fields an oops prints around its header, for RHEL 5-10 shapes (see shared/domain/formats.md):
 *   el5/el6: `Pid: 0, comm: swapper Not tainted 2.6.32-279.14.1.el6.x86_64 #1 Dell Inc. PowerEdge R410/01V648`
 *   el7+:    `CPU: 0 PID: 1310 Comm: hdio-getgeo Kdump: loaded Tainted: G OE ------------ 3.10.0-1062.el7.x86_64 #1`
 * plus `Hardware name:`, `Modules linked in:`, the RIP/IP/pc line and the call trace.
 */
export interface OopsDetails {
  task: TaskInfo | null;
  taint: TaintInfo | null;
  kernelRelease: string | null;
  kernelBuild: string | null;
  hardware: string | null;
  modules: string[];
  rip: RipInfo | null;
  frames: StackFrame[];
  /** Architecture guessed from register-dump shapes. */
  arch: string | null;
}

const CPU_LINE_RE =
  /^CPU: (\d{1,6}) {1,4}(?:UID: \d{1,10} )?PID: (\d{1,10}) {1,4}Comm: (.{1,16}?) (?:Kdump: loaded )?(Not tainted|Tainted: [A-Z ]{0,40})(.{0,300})$/;
const PID_LINE_RE = /^Pid: (\d{1,10}), comm: (.{1,20}?) {1,4}(Not tainted|Tainted: [A-Z ]{0,40})(.{0,300})$/;
const CPU_ONLY_RE = /^CPU (\d{1,6}) ?$/;
// Three or four numbers (`2.6.33.1-19.fc13.x86_64`, `3.10.0-1160.el7.x86_64`, `6.6.0`), then the build number.
const RELEASE_RE =
  /(?:^| )(\d{1,2}\.\d{1,3}(?:\.\d{1,4}){1,2}(?:[-+][^\s]{0,80})?) (#\d{1,6}[^\s]{0,40})(?: (.{0,200}))?$/;
const HANG_TASK_RE = /^INFO: task (.{1,64}):(\d{1,10}) blocked for more than/;
const SOFT_LOCKUP_RE = /BUG: soft lockup - CPU#(\d{1,6}) stuck for \d{1,8}s! \[(.{1,64}):(\d{1,10})\]/;
const MODULES_RE = /^Modules linked in:(.{0,16384})/;
const RIP_RE =
  /^(?:RIP|IP|pc|PC is at|NIP|EIP is at|EIP|epc|Krnl PSW)\s{0,4}:?\s{0,4}(?:[0-9a-f]{4}:)?(?:\[<?[0-9a-f]{1,16}>?\]\s{1,4}){0,2}(?:\[[0-9a-f]{1,16}\]\s{1,4})?(.{0,300})$/;
const TRACE_START_RE =
  /^(?:Call Trace:|Call trace:|Backtrace:|Stack traceback:|backtrace(?: \(crc [0-9a-f]{1,16}\))?:)/;
const TRACE_END_RE =
  /^(?:Code:|---\[ end trace|Kernel panic - not syncing|Allocated by task|Freed by task|The buggy address|Memory state around|Instruction dump:|Last Breaking-Event-Address:|Mem-Info:|Kernel Offset:|Rebooting in|NMI backtrace for cpu|Sending NMI|Showing all locks held|Uninit was (?:created|stored)|Local variable .{1,200} created at:|other info that might help us debug this)/;
/** i386 2.6.18: `EFLAGS: 00010246   (2.6.18-194.el5PAE #1)`. */
const EFLAGS_RELEASE_RE = /^EFLAGS: [0-9a-f]{8} {1,6}\((\d{1,2}\.\d{1,3}\S{0,80}) (#\d{1,6}[^\s)]{0,40})/;
/** A release heading a report (lockdep): `5.14.0-70.el9.x86_64+debug #1 Not tainted`, `2.6.32-431.el6.x86_64.debug #1`. */
const RELEASE_LINE_RE =
  /^(\d{1,2}\.\d{1,3}(?:\.\d{1,4}){0,2}(?:[-+.]\S{0,80})?) (#\d{1,6}\S{0,40})(?: {1,4}(Not tainted|Tainted: [A-Z ]{0,40})(.{0,120}))?$/;
/** i386: `EIP:    0060:[<f8a4c2d1>]    Tainted: G      VLI` (the taint flags on the EIP line). */
// 2.6.18 prints a constant ` VLI` after the flags.
const EIP_TAINT_RE =
  /^EIP: {1,6}[0-9a-f]{4}:\[<[0-9a-f]{1,16}>\] {1,6}(Not tainted|Tainted: [A-Z ]{0,40}?)(?: {1,8}VLI)? {0,4}$/;

/** Reads the oops fields from the report lines `lines[start..end)` (one reporting context). */
/** Details of a report that names none of them. */
export function emptyDetails(): OopsDetails {
  return {
    task: null,
    taint: null,
    kernelRelease: null,
    kernelBuild: null,
    hardware: null,
    modules: [],
    rip: null,
    frames: [],
    arch: null,
  };
}

export function parseOopsDetails(lines: LogLine[], start: number, end: number): OopsDetails {
  const details = emptyDetails();
  const context = lines[start]?.context ?? null;
  let inTrace = false;
  let traceDone = false;
  let stack: StackKind = "task";
  let cpuOnly: number | null = null;
  let seenTaskLine = false;
  let implicitTrace = false;
  let armFrom: ParsedFrame | null = null;
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (!line) break;
    if (line.context !== context && line.context !== null && context !== null) continue;
    const text = line.text.trimEnd();
    const trimmed = text.trimStart();

    if (!seenTaskLine) {
      let m = CPU_LINE_RE.exec(text);
      if (m) {
        seenTaskLine = true;
        details.task = { pid: Number(m[2]), comm: (m[3] ?? "").trim(), cpu: Number(m[1]) };
        readTaint(details, m[4] ?? "", m[5] ?? "", false);
        continue;
      }
      if ((m = PID_LINE_RE.exec(text))) {
        seenTaskLine = true;
        details.task = { pid: Number(m[1]), comm: (m[2] ?? "").trim(), cpu: cpuOnly };
        readTaint(details, m[3] ?? "", m[4] ?? "", true);
        continue;
      }
      if (i === start && (m = HANG_TASK_RE.exec(text))) {
        details.task = { pid: Number(m[2]), comm: m[1] ?? null, cpu: null };
      } else if (i === start && (m = SOFT_LOCKUP_RE.exec(text))) {
        details.task = { pid: Number(m[3]), comm: m[2] ?? null, cpu: Number(m[1]) };
      }
    }
    if (details.taint === null && /^ {0,8}(?:Not tainted|Tainted: )/.test(text) && details.task) {
      const m = /^ {0,8}(Not tainted|Tainted: [A-Z ]{0,40})(.{0,300})$/.exec(text);
      if (m) readTaint(details, m[1] ?? "", m[2] ?? "", false);
    }
    if (details.kernelRelease === null) readReleaseLine(details, trimmed);
    const cpu = CPU_ONLY_RE.exec(text);
    if (cpu) {
      cpuOnly = Number(cpu[1]);
      if (details.task && details.task.cpu === null) details.task.cpu = cpuOnly;
      continue;
    }
    if (details.hardware === null && text.startsWith("Hardware name: ")) {
      details.hardware = text.slice("Hardware name: ".length).trim();
      continue;
    }
    if (details.modules.length === 0) {
      const m = text.startsWith("Modules linked in:") ? MODULES_RE.exec(line.long ?? text) : null;
      if (m) {
        details.modules = readModules(joinWrapped(lines, i, end, m[1] ?? ""));
        readTaintModules(details);
        continue;
      }
    }
    if (details.arch === null) details.arch = guessArch(text);
    if (!details.rip && !inTrace) {
      const m = RIP_RE.exec(trimmed);
      if (m && !trimmed.startsWith("RIP: 0033") && !trimmed.startsWith("RIP: 002b")) {
        const sym = parseSymbol(m[1] ?? "");
        if (sym) details.rip = { function: sym.function, offset: sym.offset, size: sym.size, module: sym.module };
      }
    }
    if (TRACE_START_RE.test(trimmed)) {
      // A trace that started without a header (KMSAN, a lockdep chain) gives way to a declared one.
      if (implicitTrace || !traceDone) {
        if (implicitTrace) details.frames.length = 0;
        implicitTrace = false;
        traceDone = false;
        inTrace = true;
        armFrom = null;
      }
      continue;
    }
    if (traceDone) continue;
    if (!inTrace) {
      // Frames right after a header without `Call Trace:` (KMSAN, kmemleak, a lockdep chain).
      if (details.frames.length > 0 || !FRAME_START_RE.test(text) || !parseFrameLine(text)) continue;
      inTrace = true;
      implicitTrace = true;
    }
    if (TRACE_END_RE.test(trimmed)) {
      armFrom = flushArmFrom(details, armFrom, stack);
      if (details.frames.length > 0) traceDone = true;
      else inTrace = false;
      continue;
    }
    const marker = stackMarker(trimmed);
    if (marker) {
      stack = marker;
      continue;
    }
    const frame = parseFrameLine(text);
    if (!frame) continue;
    // arm32 names a frame's caller after `from`; it heads the next line, or closes the trace.
    if (armFrom && armFrom.function !== frame.function) armFrom = flushArmFrom(details, armFrom, stack);
    details.frames.push(toStackFrame(frame, stack));
    armFrom = parseArmFrom(text);
  }
  flushArmFrom(details, armFrom, stack);
  prependRip(details);
  return details;
}

/** A frame line's shape, checked before a trace is assumed to start without a header. */
const FRAME_START_RE =
  /^ {1,12}(?:\[<[0-9a-f]{1,16}>\] {1,2})?[A-Za-z_][\w.]{0,200}\+0x[0-9a-f]{1,16}\/0x[0-9a-f]{1,16}|^ {0,12}\[<[0-9a-f]{1,16}>\] \([A-Za-z_][\w.]{0,200}(?:\+0x[0-9a-f]{1,16}\/0x[0-9a-f]{1,16})?\) from /;

function flushArmFrom(details: OopsDetails, from: ParsedFrame | null, stack: StackKind): null {
  if (from && details.frames.length < MAX_FRAMES) details.frames.push(toStackFrame(from, stack));
  return null;
}

const MAX_FRAMES = 512;

function readReleaseLine(details: OopsDetails, text: string): void {
  let m = EFLAGS_RELEASE_RE.exec(text);
  if (m) {
    details.kernelRelease = m[1] ?? null;
    details.kernelBuild = m[2] ?? null;
    return;
  }
  if ((m = EIP_TAINT_RE.exec(text)) && details.taint === null) {
    const flags = (m[1] ?? "").startsWith("Tainted") ? (m[1] ?? "").slice("Tainted:".length) : "";
    details.taint = {
      tainted: flags !== "" || (m[1] ?? "").startsWith("Tainted"),
      flags: flags.replace(/[^A-Z]/g, ""),
      modules: [],
    };
    return;
  }
  if ((m = RELEASE_LINE_RE.exec(text))) {
    details.kernelRelease = m[1] ?? null;
    details.kernelBuild = m[2] ?? null;
    if (m[3] && details.taint === null) readTaint(details, m[3], m[4] ?? "", false);
  }
}

/**
 * The faulting function (RIP/EIP/PC) heads the frames: a trace printed by the unwinder starts at its
 * caller (x86 ORC, el6's `[<...>] ? ...` scans) or omits it; a report with a RIP and no trace has it alone.
 */
function prependRip(details: OopsDetails): void {
  const rip = details.rip;
  const first = details.frames[0];
  if (!rip || first?.function === rip.function) return;
  const { function: fn, offset, size, module } = rip;
  details.frames.unshift({ function: fn, offset, size, module, reliable: true, stack: first?.stack ?? "task" });
}

function stackMarker(text: string): StackKind | null {
  if (text.startsWith("<IRQ>")) return "irq";
  if (text.startsWith("<NMI>")) return "nmi";
  if (text.startsWith("<SOFTIRQ>")) return "softirq";
  if (text.startsWith("<EOI>") || text.startsWith("</IRQ>") || text.startsWith("<EOE>") || text.startsWith("</NMI>"))
    return "task";
  if (text.startsWith("<TASK>") || text.startsWith("</TASK>") || text.startsWith("</SOFTIRQ>")) return "task";
  if (text.startsWith("--- interrupt:") || text.startsWith("Exception stack")) return "exception";
  return null;
}

function readTaint(details: OopsDetails, taintPart: string, rest: string, rhel6: boolean): void {
  const tainted = taintPart.startsWith("Tainted");
  // RHEL puts `------------` (and on el6 a trailing ` H`) between the flags and the release.
  const flagText = tainted ? taintPart.slice("Tainted:".length) : "";
  const restFlags = /^[ A-Z-]{0,60}/.exec(rest)?.[0] ?? "";
  const m = RELEASE_RE.exec(rest);
  const flags = (flagText + (tainted ? restFlags.replace(/-/g, " ") : "")).replace(/[^A-Z]/g, "");
  details.taint = { tainted, flags, modules: details.taint?.modules ?? [] };
  if (m) {
    details.kernelRelease = m[1] ?? null;
    details.kernelBuild = m[2] ?? null;
    if (rhel6 && m[3]) details.hardware = m[3].trim();
  }
}

function readTaintModules(details: OopsDetails): void {
  const tainting = details.modules.filter((m) => m.includes("("));
  if (tainting.length === 0) return;
  details.modules = details.modules.map((m) => m.replace(/\(.*$/, ""));
  const names = tainting.map((m) => m.replace(/\(.*$/, ""));
  if (details.taint) details.taint.modules = names;
  else details.taint = { tainted: true, flags: "", modules: names };
}

/**
 * `Modules linked in:` may be split over several lines by a console or a pasted `log` that wraps
 * at a fixed width (the seed session wraps at 223 columns, mid-word): full-width lines are joined.
 */
function joinWrapped(lines: LogLine[], index: number, end: number, first: string): string {
  const head = lines[index];
  const width = (head?.long ?? head?.text ?? "").length;
  let out = first;
  if (width < 120) return out;
  for (let i = index + 1; i < end && i < index + 40; i++) {
    const next = lines[i];
    if (!next || next.text.length === 0 || next.text.startsWith(" ")) break;
    // A wrapped piece of the list is module names: no `Label:` line, register dump or marker.
    const firstToken = next.text.split(" ", 1)[0] ?? "";
    if (firstToken.endsWith(":") || /^[[<(-]/.test(firstToken)) break;
    out += next.text;
    if (next.text.length !== width) break;
  }
  return out;
}

function readModules(text: string): string[] {
  const cut = text.indexOf("[last unloaded");
  const list = cut >= 0 ? text.slice(0, cut) : text;
  return list.split(/\s+/).filter((m) => m.length > 0 && m.length <= 80 && /^[\w-]+(?:\([A-Z+-]{1,12}\))?$/.test(m));
}

function guessArch(text: string): string | null {
  if (text.startsWith("RIP: 0010") || text.startsWith("RAX: ")) return "x86_64";
  if (text.startsWith("pstate: ") || text.startsWith("x29: ") || text.startsWith("pc : ")) return "aarch64";
  if (text.startsWith("NIP:  ") || text.startsWith("MSR:  ")) return "ppc64le";
  if (text.startsWith("Krnl PSW") || text.startsWith("Krnl GPRS")) return "s390x";
  if (text.startsWith("EIP: ")) return "i686";
  return null;
}
