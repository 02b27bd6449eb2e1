/**
 * The structured result of parsing one uploaded crash summary.
 * Pure data: produced by lib/crash, consumed by lib/kb (matching), lib/server (ingest) and the CLI.
 */

export const CRASH_KINDS = [
  "BUG",
  "NULL_DEREF",
  "PAGING_REQUEST",
  "GENERAL_PROTECTION",
  "DIVIDE_ERROR",
  "DOUBLE_FAULT",
  "SOFT_LOCKUP",
  "HARD_LOCKUP",
  "HUNG_TASK",
  "RCU_STALL",
  "WARNING",
  "PANIC",
  "OOM",
  "HARDWARE",
  "KASAN",
  "KMSAN",
  "KCSAN",
  "UBSAN",
  "KFENCE",
  "LOCKDEP",
  "OTHER",
] as const;

export type CrashKind = (typeof CRASH_KINDS)[number];

/** Which stack a frame was printed on. */
export type StackKind = "task" | "irq" | "nmi" | "exception" | "softirq";

export interface StackFrame {
  /** Symbol as printed, e.g. `tcp_v4_err`, `do_exit.cold`. */
  function: string;
  /** Offset into the function in bytes, when printed. */
  offset: number | null;
  /** Function size in bytes, when printed (`+0x5e1/0x5f0`). */
  size: number | null;
  /** Module name from a ` [module]` suffix; null for core kernel. */
  module: string | null;
  /** false for frames printed with `?` (unreliable stack entries). */
  reliable: boolean;
  stack: StackKind;
}

export interface TaskInfo {
  pid: number | null;
  comm: string | null;
  cpu: number | null;
}

export interface TaintInfo {
  /** true when the kernel said `Tainted:`; false for `Not tainted`; null when unknown. */
  tainted: boolean | null;
  /** Taint flag letters, e.g. `GOE`. */
  flags: string;
  /** Modules that tainted the kernel, when listed. */
  modules: string[];
}

export interface RipInfo {
  function: string;
  offset: number | null;
  size: number | null;
  module: string | null;
}

/** A later oops/warning in the same text, after the primary crash. */
export interface FollowUp {
  kind: CrashKind;
  title: string;
  message: string;
}

export type InputFormat = "crash-session" | "vmcore-dmesg" | "dmesg" | "syslog" | "journal" | "console";

export interface CrashReport {
  detected: boolean;
  /** Why nothing was detected; null when detected. */
  reason: string | null;
  /** Formats recognized in the text, most specific first. */
  formats: InputFormat[];
  kind: CrashKind | null;
  /** syzkaller-style title, e.g. `kernel BUG in tcp_v4_err`. */
  title: string | null;
  /** The verbatim panic line, e.g. `kernel BUG at net/ipv4/tcp_ipv4.c:417!`. */
  message: string | null;
  /** Did the kernel panic (as opposed to a non-fatal oops or warning)? */
  panicked: boolean;
  hostname: string | null;
  /** uname -r, e.g. `2.6.32-279.14.1.el6.x86_64`. */
  kernelRelease: string | null;
  /** uname -v, e.g. `#1 SMP Tue Nov 6 23:43:09 UTC 2012`. */
  kernelBuild: string | null;
  arch: string | null;
  /** ISO 8601; see lib/crash README/JSDoc for time-zone handling. */
  crashTime: string | null;
  uptimeSeconds: number | null;
  cpus: number | null;
  /** As printed, e.g. `8 GB`. */
  memory: string | null;
  hardware: string | null;
  taint: TaintInfo | null;
  modules: string[];
  task: TaskInfo | null;
  rip: RipInfo | null;
  frames: StackFrame[];
  guiltyFrame: string | null;
  /**
   * The group key: a stable short hex fingerprint of the bug (title class, guilty function, and a
   * deadlock's lock sites); null when not detected.
   */
  signature: string | null;
  /** A finer fingerprint inside the group (the guilty function's callers); null when not detected. */
  variant: string | null;
  followUps: FollowUp[];
}
