import { FRAME_FUNC_SOURCE } from "./stack-params";
import type { CrashKind } from "./types";

/**
 * The catalogue of kernel report headers and how each becomes a title, after syzkaller's
 * pkg/report/linux.go (the corpus in ../shared/corpus/syzkaller is the specification).
 *
 * A format's `title` regex is tried on each report line; `report` steps, when present, must then
 * match on following lines in order (the multi-line `(?:.*\n)+?` patterns of syzkaller, done line
 * by line so nothing can backtrack across lines). `%N` in `fmt` is the N-th captured group of the
 * title (or report steps, when present); the guilty frame from `stack` is appended last. What a
 * frame is and which frames to skip everywhere is stack-params.ts's; `skip` here adds per format.
 */

/** Marker part: parse call-trace frames from here on. */
export const TRACE = "trace" as const;
export type StackPart = RegExp | typeof TRACE;

export interface StackSpec {
  parts: StackPart[];
  /** Tried when `parts` yields no frame. */
  parts2?: StackPart[];
  /** Extra substrings (or ^anchored/$anchored) naming frames to skip. */
  skip?: string[];
  extractor?: "stall" | "hang";
}

interface ReportStep {
  re: RegExp;
  /** How many lines after the previous step this one may be found; unbounded when absent. */
  within?: number;
}

export interface OopsFormat {
  title: RegExp;
  report?: ReportStep[];
  fmt: string;
  kind: CrashKind;
  stack?: StackSpec;
  noStackTrace?: boolean;
  corrupted?: boolean;
  /** A lockdep deadlock report: its lock sites enter the signature (lockdep.ts). */
  lockChain?: boolean;
}

export interface Oops {
  header: string;
  formats: OopsFormat[];
  /** Lines containing the header that are not reports. */
  suppressions: RegExp[];
  /** The kind of a report whose header line matches none of the formats (default OTHER). */
  fallbackKind?: CrashKind;
  /**
   * A line matching none of the formats' titles starts a report only inside a splat (`cut here`
   * before it, a stack or register dump after it): `WARNING:`/`INFO:` in a pr_warn() is not one.
   */
  splatOnly?: boolean;
}

// RHEL 5 (2.6.18) qualifies module symbols as `:nfs:nfs_update_inode+0x2d/0x6e0`.
const FUNC = FRAME_FUNC_SOURCE;
const PC = String.raw`\[<?(?:0x)?[0-9a-f]{1,16}>?\]`;
const SRC = String.raw`([a-zA-Z0-9_/.\-]{1,200}\.[a-z]{1,4}:[0-9]{1,7})`;

function re(pattern: string): RegExp {
  return new RegExp(pattern.replaceAll("{{FUNC}}", FUNC).replaceAll("{{PC}}", PC).replaceAll("{{SRC}}", SRC));
}

/** RIP/IP/PC line of the faulting context. */
const RIP_FRAME = re(
  String.raw`N?IP:? (?:(?:[0-9]{1,4}:)?(?:{{PC}} {1,4}){0,2}{{FUNC}}|[0-9]{1,4}:0x[0-9a-f]{1,16}|(?:[0-9]{1,4}:)?{{PC}} {1,20}\[< *\(null\)>\] {1,20}\(null\)|[0-9]{1,4}: {1,20}\(null\))`,
);
const PC_IS_AT_RE_SOURCE = String.raw`(?:^|\s)(?:PC is at|pc :|NIP \[[0-9a-f]{1,16}\]|Krnl PSW :.{0,60}\() ?{{FUNC}}`;
const PC_IS_AT = re(PC_IS_AT_RE_SOURCE);
/** The faulting PC whatever the architecture: x86 RIP/IP, arm `PC is at`/`pc :`, ppc NIP, s390 PSW. */
const FAULT_PC = new RegExp(`${RIP_FRAME.source}|${PC_IS_AT.source}`);
/** Where the timer interrupt that noticed a stall entered (x86, arm32, arm64). */
const STALL_IRQ_ENTRY = /apic_timer_interrupt|\(__irq_svc\)|\bel1_irq\b|\bel1h_64_irq\b/;
const CALL_TRACE = /Call Trace:|Call trace:|^Backtrace:/;

function warningStack(...skip: string[]): StackSpec {
  return {
    parts: [new RegExp(`(?:${RIP_FRAME.source}|--- interrupt: [0-9a-f]{1,8} at ${FUNC}|^pc : ${FUNC})`), TRACE],
    parts2: [CALL_TRACE, TRACE],
    skip,
  };
}

function traceOrWarning(...skip: string[]): StackSpec {
  return { parts: [TRACE], parts2: warningStack().parts, skip };
}

const callTrace = (skip: string[] = [], extractor?: "stall" | "hang"): StackSpec => ({
  parts: [CALL_TRACE, TRACE],
  skip,
  extractor,
});
const ripThenTrace = (skip: string[] = [], extractor?: "stall" | "hang"): StackSpec => ({
  parts: [RIP_FRAME, CALL_TRACE, TRACE],
  parts2: [PC_IS_AT, CALL_TRACE, TRACE],
  skip,
  extractor,
});

export const LINUX_OOPSES: Oops[] = [
  {
    header: "BUG:",
    fallbackKind: "BUG",
    formats: [
      {
        title: /BUG: KASAN:/,
        report: [
          { re: re(String.raw`BUG: KASAN: ([a-z\-]{1,40}) in {{FUNC}}`) },
          { re: /(Read|Write) (?:of|at addr)/ },
        ],
        fmt: "KASAN: %1 %3 in %4",
        kind: "KASAN",
        stack: { parts: [re(String.raw`BUG: KASAN: (?:[a-z\-]{1,40}) in {{FUNC}}`), CALL_TRACE, TRACE] },
      },
      {
        title: /BUG: KASAN:/,
        report: [
          { re: re(String.raw`BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}`) },
        ],
        fmt: "KASAN: invalid-free in %2",
        kind: "KASAN",
        stack: {
          parts: [
            re(String.raw`BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}`),
            CALL_TRACE,
            TRACE,
          ],
          skip: ["kmem_", "slab_", "kfree", "vunmap", "vfree"],
        },
      },
      {
        title: /BUG: KASAN: ([a-z\-]{1,40}) on address/,
        report: [{ re: /BUG: KASAN: ([a-z\-]{1,40}) on address/ }, { re: /(Read|Write) of size ([0-9]{1,12})/ }],
        fmt: "KASAN: %1 %2",
        kind: "KASAN",
      },
      { title: /BUG: KASAN: (.{0,200})/, fmt: "KASAN: %1", kind: "KASAN", corrupted: true },
      {
        title: /BUG: KMSAN: kernel-usb-infoleak/,
        report: [{ re: re(String.raw`BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}`) }],
        fmt: "KMSAN: kernel-usb-infoleak in %2",
        kind: "KMSAN",
        stack: traceOrWarning(
          "usb_submit_urb",
          "usb_start_wait_urb",
          "usb_bulk_msg",
          "usb_interrupt_msg",
          "usb_control_msg",
        ),
      },
      {
        title: /BUG: KMSAN:/,
        report: [{ re: re(String.raw`BUG: KMSAN: ([a-z\-]{1,40}) in {{FUNC}}`) }],
        fmt: "KMSAN: %1 in %3",
        kind: "KMSAN",
        stack: { parts: [TRACE], parts2: [CALL_TRACE, TRACE] },
      },
      { title: /BUG: KCSAN: (.{0,200})/, fmt: "KCSAN: %1", kind: "KCSAN", noStackTrace: true },
      {
        title: /BUG: KFENCE: (use-after-free|out-of-bounds|invalid) (read|write)/,
        fmt: "KFENCE: %1 %2 in %3",
        kind: "KFENCE",
        stack: { parts: [/BUG: KFENCE:/, TRACE], skip: ["kfence"] },
      },
      {
        title: /BUG: KFENCE: (memory corruption|invalid free)/,
        fmt: "KFENCE: %1 in %2",
        kind: "KFENCE",
        stack: { parts: [/BUG: KFENCE:/, TRACE], skip: ["kfence"] },
      },
      {
        title:
          /BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)/,
        fmt: "BUG: unable to handle kernel paging request in %1",
        kind: "PAGING_REQUEST",
        stack: ripThenTrace(),
      },
      {
        title:
          /BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)/,
        fmt: "BUG: unable to handle kernel NULL pointer dereference in %1",
        kind: "NULL_DEREF",
        stack: ripThenTrace(),
      },
      {
        title: /BUG: (?:unable to handle kernel|Unable to handle kernel)/,
        fmt: "BUG: unable to handle kernel",
        kind: "PAGING_REQUEST",
        corrupted: true,
      },
      {
        title: /BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|bad magic|wrong owner|wrong CPU)/,
        fmt: "BUG: %1 %2 in %3",
        kind: "BUG",
        stack: callTrace(["spin_", "rwlock", "read_lock", "write_lock", "rq_lock"]),
      },
      {
        title: /BUG: soft lockup/,
        fmt: "BUG: soft lockup in %1",
        kind: "SOFT_LOCKUP",
        stack: ripThenTrace([], "stall"),
      },
      {
        title: /BUG: .{0,200}still has locks held!/,
        report: [{ re: /BUG: .{0,200}still has locks held!/ }, { re: re(String.raw`{{PC}} +{{FUNC}}`) }],
        fmt: "BUG: still has locks held in %1",
        kind: "LOCKDEP",
      },
      {
        title: /BUG: lock held when returning to user space/,
        report: [
          { re: /BUG: lock held when returning to user space/ },
          { re: /leaving the kernel with locks still held/ },
          { re: re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`) },
        ],
        fmt: "BUG: lock held when returning to user space in %1",
        kind: "LOCKDEP",
        noStackTrace: true,
      },
      {
        title: /BUG: bad unlock balance detected!/,
        report: [
          { re: /BUG: bad unlock balance detected!/ },
          { re: /is trying to release lock/, within: 16 },
          { re: re(String.raw`{{PC}} +{{FUNC}}`), within: 16 },
        ],
        fmt: "BUG: bad unlock balance in %1",
        kind: "LOCKDEP",
      },
      {
        title: /BUG: held lock freed!/,
        report: [{ re: /BUG: held lock freed!/ }, { re: re(String.raw`{{PC}} +{{FUNC}}`) }],
        fmt: "BUG: held lock freed in %1",
        kind: "LOCKDEP",
      },
      { title: /BUG: Bad rss-counter state/, fmt: "BUG: Bad rss-counter state", kind: "BUG", noStackTrace: true },
      {
        title: /BUG: non-zero nr_ptes on freeing mm/,
        fmt: "BUG: non-zero nr_ptes on freeing mm",
        kind: "BUG",
        noStackTrace: true,
      },
      {
        title: /BUG: non-zero nr_pmds on freeing mm/,
        fmt: "BUG: non-zero nr_pmds on freeing mm",
        kind: "BUG",
        noStackTrace: true,
      },
      {
        title: /BUG: Dentry .{0,200} still in use \([0-9]{1,10}\) \[unmount of ([^\]]{1,100})\]/,
        fmt: "BUG: Dentry still in use in unmount",
        kind: "BUG",
      },
      {
        title: /BUG: Bad page state/,
        fmt: "BUG: Bad page state in %1",
        kind: "BUG",
        stack: {
          parts: [/page last allocated/, TRACE],
          skip: ["alloc", "get_page_from_freelist", "page_pool", "filemap_get_folio", "pagecache_get_page"],
        },
      },
      { title: /BUG: Bad page state/, fmt: "BUG: Bad page state", kind: "BUG" },
      { title: /BUG: Bad page map/, fmt: "BUG: Bad page map", kind: "BUG" },
      { title: /BUG: workqueue lockup/, fmt: "BUG: workqueue lockup", kind: "HARD_LOCKUP", noStackTrace: true },
      {
        title: /BUG: sleeping function called from invalid context at (.{0,200})/,
        fmt: "BUG: sleeping function called from invalid context in %2",
        kind: "BUG",
        stack: callTrace(),
      },
      {
        title: /BUG: scheduling while atomic/,
        fmt: "BUG: scheduling while atomic in %1",
        kind: "BUG",
        stack: callTrace(["schedule"]),
      },
      {
        title: /BUG: using ([a-z_]{1,60})\(\) in preemptible/,
        fmt: "BUG: using %1() in preemptible code in %2",
        kind: "BUG",
        stack: callTrace(["dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"]),
      },
      {
        title: /BUG: workqueue leaked lock or atomic/,
        report: [{ re: /BUG: workqueue leaked lock or atomic/ }, { re: /last function: ([a-zA-Z0-9_]{1,200})$/ }],
        fmt: "BUG: workqueue leaked lock or atomic in %1",
        kind: "LOCKDEP",
        noStackTrace: true,
      },
      {
        title: /BUG: memory leak/,
        fmt: "memory leak in %1",
        kind: "OTHER",
        stack: {
          parts: [/backtrace:/, TRACE],
          skip: [
            "kmemleak",
            "kmalloc",
            "kcalloc",
            "kzalloc",
            "vmalloc",
            "mmap",
            "kmem",
            "slab",
            "alloc",
            "create_object",
            "idr_get",
            "list_lru_init",
            "kasprintf",
            "kvasprintf",
            "pcpu_create",
            "strdup",
            "strndup",
            "memdup",
          ],
        },
      },
      { title: /BUG: MAX_STACK_TRACE_ENTRIES too low!/, fmt: "BUG: MAX_STACK_TRACE_ENTRIES too low!", kind: "LOCKDEP" },
      { title: /BUG: ([A-Za-z_][A-Za-z0-9_ ]{0,60}) too low!/, fmt: "BUG: %1 too low!", kind: "LOCKDEP" },
      {
        title: /BUG: Invalid wait context/,
        fmt: "WARNING: locking bug in %1",
        kind: "LOCKDEP",
        stack: callTrace(),
      },
      {
        title: /BUG: (?:TASK |IRQ |NMI |DB |MCE |VC |#[A-Z]{1,4} )?stack guard page was hit at/,
        fmt: "BUG: stack guard page was hit in %1",
        kind: "DOUBLE_FAULT",
        // An overflow recurses: like a stall, the representative frame is the one before the entry point.
        stack: { parts: [RIP_FRAME], parts2: [CALL_TRACE, TRACE], extractor: "stall" },
        noStackTrace: true,
      },
      { title: /BUG:\s*$/, fmt: "BUG: corrupted", kind: "BUG", corrupted: true },
    ],
    // `Internal error: Oops - BUG: 00000000f2000800 [#1]` is arm64's die() banner, titled by its own header.
    suppressions: [
      /ODEBUG:/,
      /Boot_DEBUG:/,
      /xlog_status:/,
      /DEBUG:/,
      /BUG: no syscalls can create resource/,
      /Internal error: Oops - BUG:/,
    ],
  },
  {
    header: "WARNING:",
    splatOnly: true,
    fallbackKind: "WARNING",
    formats: [
      {
        title: /WARNING: .{0,300}lib\/debugobjects\.c/,
        fmt: "WARNING: ODEBUG bug in %1",
        kind: "WARNING",
        stack: warningStack(
          "debug_",
          "rcu",
          "hrtimer_",
          "timer_",
          "work_",
          "percpu_",
          "kmem_",
          "slab_",
          "kfree",
          "vunmap",
          "vfree",
          "__free_",
          "debug_check",
          "kobject_",
        ),
      },
      {
        title: /WARNING: .{0,300}mm\/usercopy\.c.{0,200} usercopy_warn/,
        fmt: "WARNING: bad usercopy in %1",
        kind: "WARNING",
        stack: warningStack("usercopy", "__check"),
      },
      {
        title: /WARNING: .{0,300}lib\/kobject\.c.{0,200} kobject_/,
        fmt: "WARNING: kobject bug in %1",
        kind: "WARNING",
        stack: warningStack("kobject_"),
      },
      {
        title: /WARNING: .{0,300}fs\/proc\/generic\.c.{0,200} proc_register/,
        fmt: "WARNING: proc registration bug in %1",
        kind: "WARNING",
        stack: warningStack("proc_"),
      },
      {
        title: /WARNING: .{0,300}lib\/refcount\.c.{0,200} refcount_/,
        fmt: "WARNING: refcount bug in %1",
        kind: "WARNING",
        stack: warningStack("refcount", "kobject_"),
      },
      {
        title: /WARNING: .{0,300}kernel\/locking\/lockdep\.c.{0,200}lock_/,
        fmt: "WARNING: locking bug in %1",
        kind: "LOCKDEP",
        stack: warningStack("lock_sock", "release_sock"),
      },
      {
        title: /WARNING: lock held when returning to user space/,
        report: [
          { re: /WARNING: lock held when returning to user space/ },
          { re: /leaving the kernel with locks still held/ },
          { re: re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`) },
        ],
        fmt: "WARNING: lock held when returning to user space in %1",
        kind: "LOCKDEP",
        noStackTrace: true,
      },
      {
        title: /WARNING: .{0,300}mm\/vmalloc\.c.{0,200}(?:__vmalloc_node_range|vmalloc)/,
        report: [
          { re: /WARNING: .{0,300}mm\/vmalloc\.c/ },
          { re: /vmalloc.{0,60}(?:size 0|zero-size)|RIP: .{0,80}vmalloc/, within: 30 },
        ],
        fmt: "WARNING: zero-size vmalloc in %1",
        kind: "WARNING",
        stack: warningStack("vmalloc", "vzalloc", "kvmalloc", "kvzalloc", "kvcalloc"),
      },
      {
        title: /WARNING: .{0,300}mm\/vmalloc\.c.{0,200}__vmalloc_node/,
        fmt: "WARNING: zero-size vmalloc in %1",
        kind: "WARNING",
        stack: warningStack("vmalloc", "vzalloc", "kvmalloc", "kvzalloc", "kvcalloc"),
      },
      {
        title: /WARNING: .{0,300}mm\/.{1,80}\.c.{0,200} k?.?malloc/,
        fmt: "WARNING: kmalloc bug in %1",
        kind: "WARNING",
        stack: warningStack("kmalloc", "kcalloc", "kzalloc", "krealloc", "vmalloc", "slab", "kmem"),
      },
      {
        title: /WARNING: .{0,300} usb_submit_urb/,
        fmt: "WARNING in %1/usb_submit_urb",
        kind: "WARNING",
        stack: warningStack(
          "usb_submit_urb",
          "usb_start_wait_urb",
          "usb_bulk_msg",
          "usb_interrupt_msg",
          "usb_control_msg",
        ),
      },
      {
        title: re(String.raw`WARNING: .{0,300} at {{SRC}} {{FUNC}}`),
        fmt: "WARNING in %3",
        kind: "WARNING",
        stack: warningStack(),
      },
      {
        // RHEL 5/6: `WARNING: at net/core/dev.c:1915 skb_gso_segment+0x1df/0x2b0()`.
        title: re(String.raw`WARNING: at {{SRC}} {{FUNC}}`),
        fmt: "WARNING in %2",
        kind: "WARNING",
        stack: warningStack(),
      },
      {
        // Newest kernels: `WARNING: fs/dcache.c:829 at fast_dput+0x334/0x430, CPU#0: syz.0.17/6007`.
        title: re(String.raw`WARNING: {{SRC}} at (?:{{FUNC}}|0x[0-9a-f]{1,16})`),
        fmt: "WARNING in %3",
        kind: "WARNING",
        stack: callTrace(),
      },
      {
        title: /WARNING: possible circular locking dependency detected/,
        report: [{ re: /WARNING: possible circular locking dependency detected/ }, { re: /is trying to acquire lock/ }],
        fmt: "possible deadlock in %1",
        kind: "LOCKDEP",
        lockChain: true,
        stack: {
          parts: [re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`), re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`), TRACE],
          skip: ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"],
        },
      },
      {
        title: /WARNING: possible irq lock inversion dependency detected/,
        report: [
          { re: /WARNING: possible irq lock inversion dependency detected/ },
          { re: /just changed the state of lock/ },
          { re: re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`) },
        ],
        fmt: "possible deadlock in %1",
        kind: "LOCKDEP",
        lockChain: true,
      },
      {
        // HARDIRQ-, SOFTIRQ-, RECLAIM_FS-, ... safe -> unsafe: the stack that made the lock irq-safe.
        title: /WARNING: [A-Z_]{1,20}-safe -> [A-Z_]{1,20}-unsafe lock order detected/,
        fmt: "possible deadlock in %1",
        kind: "LOCKDEP",
        lockChain: true,
        stack: { parts: [/which became .{1,80} at:/, TRACE] },
      },
      {
        title: /WARNING: possible recursive locking detected/,
        report: [
          { re: /WARNING: possible recursive locking detected/ },
          { re: /is trying to acquire lock/ },
          { re: re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`) },
        ],
        fmt: "possible deadlock in %1",
        kind: "LOCKDEP",
        lockChain: true,
      },
      {
        title: /WARNING: inconsistent lock state/,
        fmt: "inconsistent lock state in %1",
        kind: "LOCKDEP",
        lockChain: true,
        // The lock taken at the `takes:` site, else (a lock helper there) the stack that took it.
        stack: { parts: [/takes/, re(String.raw`at: (?:{{PC}} +)?{{FUNC}}`), CALL_TRACE, TRACE] },
      },
      {
        title: /WARNING: suspicious RCU usage/,
        report: [{ re: /WARNING: suspicious RCU usage/ }, { re: re(`{{SRC}}`) }],
        fmt: "WARNING: suspicious RCU usage in %2",
        kind: "LOCKDEP",
        stack: callTrace(["rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc"]),
      },
      {
        title: /WARNING: kernel stack regs at [0-9a-f]{1,16} in [^ ]{0,100} has bad '([^']{1,20})' value/,
        fmt: "WARNING: kernel stack regs has bad '%1' value",
        kind: "WARNING",
        noStackTrace: true,
      },
      {
        title: /WARNING: kernel stack frame pointer at [0-9a-f]{1,16} in [^ ]{0,100} has bad value/,
        fmt: "WARNING: kernel stack frame pointer has bad value",
        kind: "WARNING",
        noStackTrace: true,
      },
      {
        title: /WARNING: bad unlock balance detected!/,
        report: [
          { re: /WARNING: bad unlock balance detected!/ },
          { re: /is trying to release lock/, within: 16 },
          { re: re(String.raw`{{PC}} +{{FUNC}}`), within: 16 },
        ],
        fmt: "WARNING: bad unlock balance in %1",
        kind: "LOCKDEP",
      },
      {
        title: /WARNING: held lock freed!/,
        report: [{ re: /WARNING: held lock freed!/ }, { re: re(String.raw`at:(?: {{PC}})? +{{FUNC}}`) }],
        fmt: "WARNING: held lock freed in %1",
        kind: "LOCKDEP",
      },
      {
        title: /WARNING: kernel stack regs .{0,200} has bad 'bp' value/,
        fmt: "WARNING: kernel stack regs has bad value",
        kind: "WARNING",
        noStackTrace: true,
      },
      {
        title: /WARNING: kernel stack frame pointer .{0,200} has bad value/,
        fmt: "WARNING: kernel stack regs has bad value",
        kind: "WARNING",
        noStackTrace: true,
      },
      {
        title: /WARNING: [Nn]ested lock was not taken/,
        fmt: "WARNING: nested lock was not taken in %1",
        kind: "LOCKDEP",
        stack: callTrace(),
      },
      { title: /WARNING:\s*$/, fmt: "WARNING: corrupted", kind: "WARNING", corrupted: true },
    ],
    suppressions: [
      /WARNING: \/etc\/ssh\/moduli does not exist, using fixed modulus/,
      /WARNING: workqueue cpumask: online intersect > possible intersect/,
      /WARNING: [Tt]he mand mount option/,
      /WARNING: Unsupported flag value/,
      /WARNING: Support for unprivileged/,
      /WARNING: Unprivileged eBPF is enabled/,
      /WARNING: See https:/,
      /WARNING: kernel not compiled with/,
    ],
  },
  {
    header: "INFO:",
    splatOnly: true,
    formats: [
      ...(
        [
          "possible circular locking dependency detected",
          "possible irq lock inversion dependency detected",
          "SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
          "HARDIRQ-safe -> HARDIRQ-unsafe lock order detected",
          "possible recursive locking detected",
        ] as const
      ).map(
        (what): OopsFormat => ({
          title: new RegExp(`INFO: ${what.replace(/[-]/g, "\\-").replace(">", "\\>")}`),
          report: [
            { re: new RegExp(`INFO: ${what.replace(/[-]/g, "\\-").replace(">", "\\>")}`) },
            { re: what.includes("inversion") ? /just changed the state of lock/ : /is trying to acquire/ },
            { re: re(String.raw`at: {{PC}} +{{FUNC}}`) },
          ],
          fmt: "possible deadlock in %1",
          kind: "LOCKDEP",
          lockChain: true,
        }),
      ),
      {
        title: /INFO: inconsistent lock state/,
        report: [
          { re: /INFO: inconsistent lock state/ },
          { re: /takes/ },
          { re: re(String.raw`at: {{PC}} +{{FUNC}}`) },
        ],
        fmt: "inconsistent lock state in %1",
        kind: "LOCKDEP",
        lockChain: true,
      },
      {
        title: /INFO: rcu_(?:preempt|sched|bh|tasks[a-z_]{0,10}) (?:self-)?detected(?: expedited)? stalls?/,
        fmt: "INFO: rcu detected stall in %1",
        kind: "RCU_STALL",
        stack: {
          parts: [STALL_IRQ_ENTRY, RIP_FRAME, TRACE],
          parts2: [STALL_IRQ_ENTRY, TRACE],
          skip: ["apic_timer_interrupt", "rcu"],
          extractor: "stall",
        },
      },
      {
        title: /INFO: trying to register non-static key/,
        fmt: "INFO: trying to register non-static key in %1",
        kind: "LOCKDEP",
        stack: callTrace(["stack", "lock", "IRQ"]),
      },
      {
        title: /INFO: suspicious RCU usage/,
        report: [{ re: /INFO: suspicious RCU usage/ }, { re: re(`{{SRC}}`) }],
        fmt: "INFO: suspicious RCU usage in %2",
        kind: "LOCKDEP",
        stack: callTrace(["rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc"]),
      },
      {
        title: /INFO: task .{1,200} blocked for more than [0-9]{1,10} seconds/,
        fmt: "INFO: task hung in %1",
        kind: "HUNG_TASK",
        stack: callTrace([], "hang"),
      },
      {
        title: /INFO: task .{1,200} can't die for more than .{1,20} seconds/,
        fmt: "INFO: task can't die in %1",
        kind: "HUNG_TASK",
        stack: callTrace(["schedule"]),
      },
      { title: /INFO: (Freed|Allocated) in (.{0,200})/, fmt: "INFO: %1 in %2", kind: "KASAN", corrupted: true },
      { title: /INFO:\s*$/, fmt: "INFO: corrupted", kind: "OTHER", corrupted: true },
    ],
    suppressions: [
      /INFO: lockdep is turned off/,
      /INFO: Stall ended before state dump start/,
      /INFO: NMI handler/,
      /INFO: recovery required on readonly filesystem/,
      /(?:handler|interrupt).{0,200}took too long/,
      /_INFO::/,
      /INFO: sys_.{0,100} is not present in \/proc\/kallsyms/,
      /INFO: no syscalls can create resource/,
      /INFO: Memory overhead/,
    ],
  },
  {
    // arm, arm64, riscv, ppc: `Unable to handle kernel paging request at virtual address ...`,
    // `... NULL pointer dereference at ...`, `... access to user memory outside uaccess routines at ...`.
    header: "Unable to handle kernel",
    formats: [
      {
        title: /Unable to handle kernel paging request/,
        fmt: "BUG: unable to handle kernel paging request in %1",
        kind: "PAGING_REQUEST",
        stack: { parts: [FAULT_PC, CALL_TRACE, TRACE], parts2: [CALL_TRACE, TRACE] },
      },
      {
        title: /Unable to handle kernel NULL pointer dereference/,
        fmt: "BUG: unable to handle kernel NULL pointer dereference in %1",
        kind: "NULL_DEREF",
        stack: { parts: [FAULT_PC, CALL_TRACE, TRACE], parts2: [CALL_TRACE, TRACE] },
      },
      {
        title: /Unable to handle kernel access to user memory/,
        fmt: "BUG: unable to handle kernel access to user memory in %1",
        kind: "PAGING_REQUEST",
        stack: { parts: [FAULT_PC, CALL_TRACE, TRACE], parts2: [CALL_TRACE, TRACE] },
      },
      {
        title: /Unable to handle kernel (?:data access|instruction fetch|execute from non-executable memory)/,
        fmt: "BUG: unable to handle kernel paging request in %1",
        kind: "PAGING_REQUEST",
        stack: { parts: [FAULT_PC, CALL_TRACE, TRACE], parts2: [CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    // arm64/arm die(): `Internal error: Oops: 96000004 [#1] SMP`, `Internal error: synchronous external abort: ...`.
    header: "Internal error:",
    formats: [
      {
        title: /Internal error:/,
        fmt: "Internal error in %1",
        kind: "BUG",
        stack: { parts: [FAULT_PC, CALL_TRACE, TRACE], parts2: [CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: "general protection fault",
    formats: [
      {
        title: /general protection fault.{0,200}:/,
        fmt: "general protection fault in %1",
        kind: "GENERAL_PROTECTION",
        stack: ripThenTrace(),
      },
    ],
    // A user-space fault the kernel only logs: `traps: a.out[42] general protection fault ip:... error:0 in a.out[...]`.
    suppressions: [/general protection fault .{0,200}error:[0-9a-f]{1,8} in /],
  },
  {
    header: "stack segment: ",
    formats: [
      { title: /stack segment: /, fmt: "stack segment fault in %1", kind: "GENERAL_PROTECTION", stack: ripThenTrace() },
    ],
    suppressions: [],
  },
  {
    header: "Kernel panic",
    formats: [
      {
        title: /Kernel panic - not syncing: stack-protector:/,
        report: [
          { re: re(String.raw`Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}`) },
        ],
        fmt: "kernel panic: stack is corrupted in %1",
        kind: "PANIC",
        noStackTrace: true,
      },
      {
        title: /Kernel panic - not syncing: stack-protector:/,
        report: [{ re: /Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]{1,16}/ }],
        fmt: "kernel panic: stack is corrupted in %1",
        kind: "PANIC",
        stack: callTrace(["stack_chk"]),
      },
      {
        title: /Kernel panic - not syncing: corrupted stack end/,
        report: [{ re: /Kernel panic - not syncing: corrupted stack end detected inside scheduler/ }],
        fmt: "kernel panic: corrupted stack end in %1",
        kind: "PANIC",
        stack: callTrace(["schedule", "retint_kernel"], "stall"),
      },
      {
        title: /Kernel panic - not syncing: kernel stack overflow/,
        fmt: "kernel stack overflow in %1",
        kind: "DOUBLE_FAULT",
        stack: callTrace([], "stall"),
      },
      {
        title: /Kernel panic - not syncing: Attempted to kill init!/,
        fmt: "kernel panic: Attempted to kill init!",
        kind: "PANIC",
      },
      {
        title: /Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]{1,40} --- error -[0-9]{1,5}/,
        fmt: "kernel panic: Couldn't open N_TTY ldisc",
        kind: "PANIC",
      },
      {
        title: /Kernel panic - not syncing: Fatal exception/,
        fmt: "kernel panic: Fatal exception",
        kind: "PANIC",
        corrupted: true,
      },
      {
        title: /Kernel panic - not syncing: panic_on_warn set/,
        fmt: "kernel panic: panic_on_warn set",
        kind: "PANIC",
        corrupted: true,
      },
      {
        title: /Kernel panic - not syncing: hung_task: blocked tasks/,
        fmt: "kernel panic: hung_task: blocked tasks",
        kind: "HUNG_TASK",
        corrupted: true,
      },
      { title: /Kernel panic - not syncing: (.{0,200})/, fmt: "kernel panic: %1", kind: "PANIC" },
    ],
    suppressions: [],
  },
  {
    header: "PANIC: double fault",
    formats: [
      {
        title: /PANIC: double fault/,
        fmt: "PANIC: double fault in %1",
        kind: "DOUBLE_FAULT",
        stack: { parts: [RIP_FRAME] },
      },
    ],
    suppressions: [],
  },
  {
    header: "kernel BUG",
    formats: [
      {
        title: /kernel BUG at mm\/usercopy\.c/,
        fmt: "BUG: bad usercopy in %1",
        kind: "BUG",
        stack: { parts: [CALL_TRACE, TRACE], skip: ["usercopy", "__check"] },
      },
      { title: /kernel BUG at lib\/list_debug\.c/, fmt: "BUG: corrupted list in %1", kind: "BUG", stack: callTrace() },
      {
        title: /kernel BUG at (.{0,200})/,
        fmt: "kernel BUG in %2",
        kind: "BUG",
        stack: ripThenTrace([
          "skb_put",
          "skb_push",
          "skb_panic",
          "skb_over_panic",
          "skb_under_panic",
          "assertfail",
          "__phys_addr",
          "rust_helper",
          "rust_begin_unwind",
          "folio_unlock",
          "unlock_page",
        ]),
      },
    ],
    suppressions: [],
  },
  {
    header: "Kernel BUG",
    formats: [
      // RHEL 5: `Kernel BUG at fs/ext3/balloc.c:1213` (x86_64 2.6.18), titled like `kernel BUG at`.
      { title: /Kernel BUG at [^ ]{1,200}:\d{1,7}/, fmt: "kernel BUG in %1", kind: "BUG", stack: ripThenTrace() },
      { title: /Kernel BUG (.{0,200})/, fmt: "kernel BUG %1", kind: "BUG" },
    ],
    suppressions: [],
  },
  {
    header: "BUG kmalloc-",
    formats: [{ title: /BUG kmalloc-.{0,40}: Object already free/, fmt: "BUG: Object already free", kind: "BUG" }],
    suppressions: [],
  },
  {
    header: "divide error:",
    formats: [
      { title: /divide error: /, fmt: "divide error in %1", kind: "DIVIDE_ERROR", stack: { parts: [RIP_FRAME] } },
    ],
    suppressions: [],
  },
  {
    header: "divide_error:",
    formats: [
      { title: /divide_error: /, fmt: "divide error in %1", kind: "DIVIDE_ERROR", stack: { parts: [RIP_FRAME] } },
    ],
    suppressions: [],
  },
  {
    header: "invalid opcode:",
    formats: [{ title: /invalid opcode: /, fmt: "invalid opcode in %1", kind: "BUG", stack: { parts: [RIP_FRAME] } }],
    suppressions: [],
  },
  {
    header: "Oops: int3",
    formats: [
      {
        title: /Oops: int3/,
        fmt: "int3 in %1",
        kind: "BUG",
        stack: { parts: [RIP_FRAME], parts2: [CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: "UBSAN:",
    formats: [
      {
        title: /UBSAN:/,
        report: [{ re: /UBSAN: Undefined behaviour in|UBSAN: / }],
        fmt: "UBSAN: undefined-behaviour in %1",
        kind: "UBSAN",
        stack: callTrace(["ubsan", "overflow"]),
      },
    ],
    suppressions: [],
  },
  {
    header: "Unhandled fault:",
    formats: [
      {
        title: /Unhandled fault:/,
        fmt: "Unhandled fault in %1",
        kind: "PAGING_REQUEST",
        stack: { parts: [re(String.raw`PC is at {{FUNC}}`)], parts2: [CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    // Not in syzkaller (its VMs have no NMI watchdog); titled like the soft lockup.
    header: "Watchdog detected hard LOCKUP",
    formats: [
      {
        title: /Watchdog detected hard LOCKUP/,
        fmt: "BUG: hard lockup in %1",
        kind: "HARD_LOCKUP",
        stack: ripThenTrace([], "stall"),
      },
    ],
    suppressions: [/Kernel panic - not syncing/],
  },
  {
    header: "Booting the kernel.",
    formats: [{ title: /Booting the kernel\./, fmt: "unexpected kernel reboot", kind: "OTHER", noStackTrace: true }],
    suppressions: [],
  },
  {
    header: "unregister_netdevice: waiting for",
    formats: [
      {
        title: /unregister_netdevice: waiting for (?:.{0,100}) to become free/,
        fmt: "unregister_netdevice: waiting for DEV to become free",
        kind: "HUNG_TASK",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: "trusty: panic",
    formats: [
      {
        title: /trusty: panic.{0,200} ASSERT FAILED/,
        report: [{ re: /trusty: panic \([^)]{0,200}\):(?: DEBUG)? ASSERT FAILED at \([^)]{0,200}\): (.{1,200})/ }],
        fmt: "trusty: ASSERT FAILED: %1",
        kind: "PANIC",
        noStackTrace: true,
      },
      {
        title: /trusty: panic.{0,200} ASSERT FAILED.{0,200}: *(.{0,200})/,
        fmt: "trusty: ASSERT FAILED: %1",
        kind: "PANIC",
        corrupted: true,
      },
      {
        title: /trusty: panic/,
        report: [{ re: /trusty: panic \([^)]{0,200}\): (.{1,200})/ }],
        fmt: "trusty: panic: %1",
        kind: "PANIC",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  // Hardware trouble, as RHEL hosts report it (no syzkaller precedent; kind HARDWARE): x86 MCE
  // (`mce: [Hardware Error]: CPU 0: Machine Check Exception: 5 Bank 4: ...`, `Machine check events
  // logged`) and APEI GHES (`{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source`).
  {
    header: "[Hardware Error]",
    formats: [
      {
        title: /\[Hardware Error\]: .{0,80}(?:Machine Check Exception|Machine check: |Fatal machine check)/,
        fmt: "hardware error: machine check",
        kind: "HARDWARE",
        noStackTrace: true,
      },
      {
        title: /\[Hardware Error\]: Machine check events logged/,
        fmt: "hardware error: machine check events logged",
        kind: "HARDWARE",
        noStackTrace: true,
      },
      {
        title: /\[Hardware Error\]: event severity: ([a-z]{1,20})/,
        fmt: "hardware error: APEI %1 error",
        kind: "HARDWARE",
        noStackTrace: true,
      },
      {
        title: /\[Hardware Error\]: Hardware error from APEI/,
        report: [{ re: /\[Hardware Error\]: event severity: ([a-z]{1,20})/, within: 8 }],
        fmt: "hardware error: APEI %1 error",
        kind: "HARDWARE",
        noStackTrace: true,
      },
      { title: /\[Hardware Error\]:/, fmt: "hardware error", kind: "HARDWARE", noStackTrace: true },
    ],
    suppressions: [],
  },
  {
    // Kernels before the `[Hardware Error]` prefix (RHEL 5/6): `Machine check events logged`.
    header: "Machine check events logged",
    formats: [
      {
        title: /Machine check events logged/,
        fmt: "hardware error: machine check events logged",
        kind: "HARDWARE",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    // Custom VFS errors printed by older kernels (RHEL 5-7), as syzkaller words them.
    header: "VFS: Busy inodes after unmount",
    formats: [
      {
        title: /VFS: Busy inodes after unmount/,
        fmt: "VFS: Busy inodes after unmount (use-after-free)",
        kind: "BUG",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: "VFS: Close: file count is 0",
    formats: [
      {
        title: /VFS: Close: file count is 0/,
        fmt: "VFS: Close: file count is zero (use-after-free)",
        kind: "BUG",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: "Uhhuh. NMI received for unknown reason",
    formats: [
      {
        title: /Uhhuh\. NMI received for unknown reason/,
        fmt: "NMI: unknown reason",
        kind: "HARDWARE",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: "NMI: ",
    formats: [{ title: /NMI: (PCI system error|IOCK error)/, fmt: "NMI: %1", kind: "HARDWARE", noStackTrace: true }],
    suppressions: [/Kernel panic - not syncing/, /NMI: Not continuing/],
  },
  {
    header: "EDAC ",
    formats: [
      {
        title: /EDAC .{0,80}(?:\bUE\b|[Uu]ncorrected|[Uu]ncorrectable|Fatal)/,
        fmt: "hardware error: EDAC uncorrected error",
        kind: "HARDWARE",
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: "SYZFAIL:",
    formats: [{ title: /SYZFAIL:(.{0,200})/, fmt: "SYZFAIL:%1", kind: "OTHER", noStackTrace: true }],
    suppressions: [],
  },
];

/** Lines that do not start a new report when found inside one. */
export const REPORT_START_IGNORES: RegExp[] = [
  /invalid opcode: 0000/,
  /Internal error:/,
  // A hardware error is printed as a block of `[Hardware Error]:` lines.
  /\[Hardware Error\]/,
  /Kernel panic - not syncing/,
  /unregister_netdevice: waiting for/,
  /PANIC: double fault/,
];
