/**
 * What a changelog entry names, and the words that mark a crash fix. One module owns "what an
 * identifier is" so that the parser, the index and the finder agree.
 */

/** `[net] tcp: ...` (el6-el8), optionally behind `Revert: `. */
const BRACKET_TAG = /^(?:revert:?\s+)?\[([^\]]{1,40})\]\s*/i;
/** `net_sched: hfsc: ...` (el9 and upstream subjects). */
const COLON_TAG = /^([A-Za-z0-9_][A-Za-z0-9_./-]{0,40}):\s/;

/** Bounds of an entry text's parts: `[subsys] summary (Author) [BZ ...] {CVE ...}`. */
export interface EntryParts {
  subsystem: string | null;
  summaryStart: number;
  summaryEnd: number;
  author: string | null;
  /** The `[...]` group after the author, without brackets. */
  bugGroup: string | null;
  /** The `{...}` group at the end, without braces. */
  cveGroup: string | null;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Splits an entry text (the line after `- `) into its parts by peeling the tail from the end:
 * `{CVE...}`, then `[BZ...]`, then `(Author)`. The summary may itself contain parentheses
 * (`tcp_v4_err()`), so the author is only a group that has a space before it.
 */
export function splitEntryText(text: string): EntryParts {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let cveGroup: string | null = null;
  let bugGroup: string | null = null;
  let author: string | null = null;

  if (text.charCodeAt(end - 1) === 125 /* } */) {
    const open = text.lastIndexOf("{", end - 1);
    if (open > 0) {
      cveGroup = text.slice(open + 1, end - 1);
      end = open;
      while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    }
  }
  if (text.charCodeAt(end - 1) === 93 /* ] */) {
    const open = text.lastIndexOf("[", end - 1);
    if (open > 0) {
      bugGroup = text.slice(open + 1, end - 1);
      end = open;
      while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    }
  }
  if (text.charCodeAt(end - 1) === 41 /* ) */) {
    let depth = 0;
    let open = -1;
    for (let i = end - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 41) depth++;
      else if (c === 40 && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open > 0 && isSpace(text.charCodeAt(open - 1)) && open + 1 < end - 1) {
      author = text.slice(open + 1, end - 1).trim();
      end = open;
      while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    }
  }

  let start = 0;
  let subsystem: string | null = null;
  // Both tag patterns are anchored and bounded, so they run on the whole text without a slice.
  const bracket = BRACKET_TAG.exec(text);
  if (bracket) {
    subsystem = bracket[1] ?? null;
    // `Revert: [md] ...` keeps its whole text as the summary: a revert must not read as the fix.
    if (!/^revert/i.test(text)) start = bracket[0].length;
  } else {
    // The summary keeps an upstream `subsys: ` prefix: it is part of the commit subject.
    subsystem = COLON_TAG.exec(text)?.[1] ?? null;
  }
  if (start > end) start = end;
  return { subsystem, summaryStart: start, summaryEnd: end, author, bugGroup, cveGroup };
}

/** A `Revert: ...` or `Revert "..."` entry (with or without a subsystem tag before it). */
export function isRevertText(text: string): boolean {
  return /^(?:\[[^\]]{1,40}\]\s*)?revert\b/i.test(text);
}

const STOP_WORDS = new Set(
  (
    "the and for with from that this when into not are was but its can has have use add fix fixes " +
    "fixed remove removed make made more only also all any new don't doesn't out than then them " +
    "they their there these should would could will via per after before under over where which " +
    "while because each some such other instead just like same need needs used using uses one two"
  ).split(" "),
);

/** Shortest plain word the index keeps. */
const MIN_WORD = 4;

const Char = { Plus: 43, Dash: 45, Dot: 46, Slash: 47, Underscore: 95, OpenParen: 40 } as const;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === Char.Underscore;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isSeparator(c: number): boolean {
  return c === Char.Dot || c === Char.Slash || c === Char.Dash || c === Char.Plus;
}

/**
 * Calls `onIdentifier` for each function, symbol or source path a summary names (`tcp_v4_err`,
 * `dput()`, `net/ipv4/tcp_ipv4.c` and its basename `tcp_ipv4.c`) and `onWord` for each other word,
 * lowercased (`illinois`, `xfs`, `mlx5e`). A token is an identifier when it has an underscore or is
 * followed by `(`. Callback-based and regex-free: the index runs it over 260k entries at start-up.
 */
export function forEachTerm(
  summary: string,
  onIdentifier: (identifier: string) => void,
  onWord: (word: string) => void,
  from = 0,
  to = summary.length,
): void {
  const n = to;
  let i = from;
  while (i < n) {
    while (i < n && !isWordChar(summary.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let hasSeparator = false;
    while (i < n) {
      const c = summary.charCodeAt(i);
      if (isWordChar(c)) i++;
      else if (isSeparator(c)) {
        hasSeparator = true;
        i++;
      } else break;
    }
    let end = i;
    while (end > start && isSeparator(summary.charCodeAt(end - 1))) end--;
    const isCalled = end < n && summary.charCodeAt(end) === Char.OpenParen;
    if (hasSeparator) emitCompound(summary, start, end, isCalled, onIdentifier, onWord);
    else emitPlain(summary, start, end, isCalled, onIdentifier, onWord);
  }
}

/** `net/ipv4/tcp_ipv4.c`, `hid-core.c`, `use-after-free`, `mlx5e/ipsec`, `5.14.0`. */
function emitCompound(
  text: string,
  start: number,
  end: number,
  isCalled: boolean,
  onIdentifier: (identifier: string) => void,
  onWord: (word: string) => void,
): void {
  const last = text.charCodeAt(end - 1);
  const isSource =
    end - start > 2 &&
    text.charCodeAt(end - 2) === Char.Dot &&
    (last === 99 /* c */ || last === 104 /* h */ || last === 83); /* S */
  let partsEnd = end;
  if (isSource) {
    let slash = -1;
    for (let k = end - 1; k >= start; k--) {
      if (text.charCodeAt(k) === Char.Slash) {
        slash = k;
        break;
      }
    }
    const baseStart = slash + 1;
    if (end - 2 > baseStart) {
      onIdentifier(text.slice(start, end));
      if (slash >= start) onIdentifier(text.slice(baseStart, end));
    }
    start = baseStart;
    partsEnd = end - 2;
  }
  let partStart = start;
  for (let k = start; k <= partsEnd; k++) {
    const c = k < partsEnd ? text.charCodeAt(k) : Char.Dot;
    const isBreak = isSeparator(c) || (isSource && c === Char.Underscore);
    if (!isBreak) continue;
    if (k > partStart) emitPlain(text, partStart, k, isCalled && k === end, onIdentifier, onWord);
    partStart = k + 1;
  }
}

function emitPlain(
  text: string,
  start: number,
  end: number,
  isCalled: boolean,
  onIdentifier: (identifier: string) => void,
  onWord: (word: string) => void,
): void {
  if (end - start < 3) return;
  let hasUnderscore = false;
  let hasLetter = false;
  let hasUpper = false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === Char.Underscore) hasUnderscore = true;
    else if (c >= 65 && c <= 90) hasUpper = hasLetter = true;
    else if (c >= 97 && c <= 122) hasLetter = true;
  }
  if (!hasLetter) return;
  const first = text.charCodeAt(start);
  if (hasUnderscore || (isCalled && (isLetter(first) || first === Char.Underscore))) {
    onIdentifier(text.slice(start, end));
    return;
  }
  // Words shorter than 4 letters (`tcp`, `fix`, `irq`) are too common to find anything on their own.
  if (end - start < MIN_WORD || !isLetter(first)) return;
  const word = hasUpper ? text.slice(start, end).toLowerCase() : text.slice(start, end);
  if (!STOP_WORDS.has(word)) onWord(word);
}

/** The identifiers a summary names, in order, without duplicates. */
export function extractIdentifiers(summary: string): string[] {
  const seen = new Set<string>();
  forEachTerm(
    summary,
    (identifier) => seen.add(identifier),
    () => {},
  );
  return [...seen];
}

/**
 * Words that say an entry fixes a crash rather than merely touching the function. An entry with
 * one ranks above a plain mention of the same names.
 */
const CRASH_WORDS =
  /null[- ]?(?:pointer|ptr)|null deref|\bderef(?:erence)?\b|bug_on|kernel bug|use[- ]after[- ]free|\buaf\b|double[- ]free|divide|division|\bdiv(?:ide)?[- ]by[- ]zero|deadlock|lockup|\bpanic|\boops|\brace\b|\bracy\b|\bcrash|general protection|page fault|out[- ]of[- ]bounds|\boverflow|\bunderflow|corrupt|\bhang|\bhung\b|livelock|recursive locking|invalid (?:pointer|access|free)|kasan|warn_on|stall/i;

/** Whether an entry's text speaks of a crash: NULL pointer, BUG_ON, use-after-free, divide, deadlock... */
export function hasCrashWords(summary: string): boolean {
  return CRASH_WORDS.test(summary);
}

/**
 * Frames that sit under almost every trace (syscall entry, interrupt and softirq plumbing, worker
 * threads, the scheduler, panic itself). The IDF weight from the index already lowers names the
 * changelogs mention often; this list lowers the ones they rarely mention but every trace carries.
 */
export const COMMON_FRAMES: ReadonlySet<string> = new Set([
  "do_syscall_64",
  "do_syscall_32_irqs_on",
  "do_fast_syscall_32",
  "entry_SYSCALL_64",
  "entry_SYSCALL_64_after_hwframe",
  "entry_SYSCALL_64_fastpath",
  "system_call",
  "system_call_fastpath",
  "sysenter_dispatch",
  "tracesys",
  "ret_from_fork",
  "ret_from_fork_asm",
  "kernel_thread_helper",
  "child_rip",
  "kthread",
  "worker_thread",
  "process_one_work",
  "rescuer_thread",
  "smpboot_thread_fn",
  "run_ksoftirqd",
  "net_rx_action",
  "__do_softirq",
  "do_softirq",
  "do_softirq_own_stack",
  "call_softirq",
  "irq_exit",
  "irq_exit_rcu",
  "__irq_exit_rcu",
  "do_IRQ",
  "common_interrupt",
  "ret_from_intr",
  "apic_timer_interrupt",
  "smp_apic_timer_interrupt",
  "sysvec_apic_timer_interrupt",
  "asm_sysvec_apic_timer_interrupt",
  "asm_common_interrupt",
  "hrtimer_interrupt",
  "__hrtimer_run_queues",
  "__run_hrtimer",
  "tick_sched_timer",
  "tick_sched_handle",
  "update_process_times",
  "run_timer_softirq",
  "call_timer_fn",
  "schedule",
  "__schedule",
  "schedule_timeout",
  "io_schedule",
  "panic",
  "die",
  "oops_end",
  "do_trap",
  "do_invalid_op",
  "invalid_op",
  "exc_invalid_op",
  "asm_exc_invalid_op",
  "handle_bug",
  "page_fault",
  "do_page_fault",
  "__do_page_fault",
  "exc_page_fault",
  "asm_exc_page_fault",
  "no_context",
  "bad_area_nosemaphore",
  "__bad_area_nosemaphore",
  "general_protection",
  "do_general_protection",
  "exc_general_protection",
  "asm_exc_general_protection",
  "do_divide_error",
  "divide_error",
  "exc_divide_error",
  "cpu_idle",
  "cpu_startup_entry",
  "do_idle",
  "start_secondary",
  "secondary_startup_64",
  "secondary_startup_64_no_verify",
  "start_kernel",
  "x86_64_start_kernel",
  "rest_init",
  "cpuidle_idle_call",
  "default_idle",
  "arch_cpu_idle",
  "native_safe_halt",
  "poll_idle",
  "do_exit",
  "do_group_exit",
  "get_signal",
  "do_signal",
  "notify_die",
  "__x64_sys_ioctl",
  "sys_ioctl",
  "do_vfs_ioctl",
  "vfs_write",
  "vfs_read",
  "ksys_write",
  "ksys_read",
  "sys_write",
  "sys_read",
  "dump_stack",
  "show_stack",
  "warn_slowpath_common",
  "warn_slowpath_fmt",
  "warn_slowpath_null",
  "__warn",
  "report_bug",
]);
