/**
 * What a kernel call trace is made of and which of its frames say something about the bug: the one
 * owner of function names (compiler clone suffixes, syscall-entry prefixes, the characters a name may
 * hold), of the frames to skip, and of where a trace starts and what a frame line looks like. After
 * syzkaller's `linuxStackParams` (pkg/report/linux.go): one value, read by generic code. Titles
 * (extract-title.ts), signatures (signature.ts), the fallback guilty frame (index.ts), known-bug
 * matching and rule derivation (lib/kb) all ask this module.
 */

import { escapeRegExp } from "../util/regexp";

export interface StackParams {
  /** Lines after which the frames of a stack follow. */
  stackStarts: RegExp[];
  /** A frame line with its function name in group 1: the x86/arm64/ppc/s390 shapes, then arm32's. */
  frames: RegExp[];
  /** A fault-injection frame: the report was provoked, its stack names no bug. */
  corruptedFrame: RegExp;
  /** An unreliable frame line (`? func+0x1/0x2`, `(unreliable)`), left out of a report. */
  questionableFrame: RegExp;
  /** Generic machinery, never the guilty function: substring, unless `^`/`$` anchored. */
  skip: string[];
  /** Syscall-entry prefixes stripped from frame names, one pass in list order. */
  stripPrefixes: string[];
  /** Compiler clone suffixes: `.isra.3`, `.constprop.0`, `.part.5`, `.cold`, `.llvm.123`, `.clone.0`. */
  cloneSuffix: RegExp;
  /** Stall reports: the guilty frame is the one before the first frame matching one of these. */
  stallAnchors: RegExp[];
  /** Hang reports: a frame containing the anchor gives the replacement (itself when empty). */
  hangAnchors: [string, string][];
  /** Hang reports without an anchor: the first frame containing none of these. */
  hangSkip: string[];
  /** Beyond `skip`, frames that a rule derived from a signature's panics leaves out of its call trace. */
  derivedRuleSkip: string[];
}

/**
 * A frame's function as titles read it, RHEL 5's module qualifier allowed
 * (`:nfs:nfs_update_inode+0x2d`): group 1 is the name up to its first `.` or `+`.
 * The oops table's `{{FUNC}}`.
 */
export const FRAME_FUNC_SOURCE = String.raw`(?::[a-zA-Z0-9_-]{1,64}:)?([a-zA-Z0-9_]{1,200})(?:\.|\+)`;

/** A function name as a call trace prints it (clone suffixes included); rules name functions so. */
export const FUNCTION_NAME_RE = /^[A-Za-z_][\w.$]*$/;

export const LINUX_STACK_PARAMS: StackParams = {
  stackStarts: [
    /Call Trace/,
    /Allocated:/,
    /Allocated by task [0-9]{1,10}:/,
    /Freed:/,
    /Freed by task [0-9]{1,10}:/,
    /[^k] backtrace:/,
  ],
  frames: [
    new RegExp(String.raw`^ *(?:\[<?(?:0x)?[0-9a-f]{1,16}>?\] ){0,2}${FRAME_FUNC_SOURCE}`),
    // arm32 `[<816d8460>] (dump_backtrace) from [<816d8790>] (show_stack+0x18/0x1c)`: like syzkaller,
    // the frame is the function with an offset, i.e. the caller after `from`.
    /^ *\[<?[0-9a-f]{1,16}>?\] \([a-zA-Z0-9_.]{1,200}\) from \[<?[0-9a-f]{1,16}>?\] \(([a-zA-Z0-9_]{1,200})(?:\.|\+)/,
  ],
  corruptedFrame: /^( \[<?(?:0x)?[0-9a-f]{1,16}>?\])? should_fail(slab)?(\.[a-z0-9.]{1,40})?\+0x/,
  questionableFrame:
    /(?:\[<[0-9a-f]{1,16}>\])? \? +[a-zA-Z0-9_.]{1,200}\+0x[0-9a-f]{1,16}\/[0-9a-f]{1,16}|\(unreliable\)/,
  skip: [
    "__sanitizer",
    "__asan",
    "kasan",
    "__msan",
    "kmsan",
    "kcsan_",
    "check_memory_region",
    "read_word_at_a_time",
    "print_address_description",
    "panic",
    "invalid_op",
    "report_bug",
    "fixup_bug",
    "handle_bug",
    "do_error",
    "do_trap",
    "_trap$",
    "do_error_trap",
    "dump_stack",
    "warn_slowpath",
    "warn_alloc",
    "warn_bogus",
    "__warn",
    "debug_object",
    "timer_is_static_object",
    "work_is_static_object",
    "lockdep",
    "perf_trace",
    "lock_acquire",
    "lock_release",
    "lock_class",
    "mark_lock",
    "reacquire_held_locks",
    "spin_lock",
    "spin_trylock",
    "spin_unlock",
    "raw_read_lock",
    "raw_read_trylock",
    "raw_write_lock",
    "raw_write_trylock",
    "down",
    "down_read",
    "down_write",
    "down_read_trylock",
    "down_write_trylock",
    "up_read",
    "up_write",
    "mutex_lock",
    "mutex_trylock",
    "mutex_unlock",
    "mutex_remove_waiter",
    "osq_lock",
    "osq_unlock",
    "atomic_dec",
    "atomic64_",
    "atomic_long_",
    "__wake_up",
    "refcount_add",
    "refcount_sub",
    "refcount_inc",
    "refcount_dec",
    "refcount_set",
    "refcount_read",
    "refcount_warn",
    "memcpy",
    "memcmp",
    "memset",
    "memchr",
    "memmove",
    "strcmp",
    "strncmp",
    "strcpy",
    "strlcpy",
    "strncpy",
    "strscpy",
    "strlen",
    "strnstr",
    "strnlen",
    "strchr",
    "strcat",
    "copy_to_user",
    "copy_from_user",
    "put_user",
    "get_user",
    "might_fault",
    "might_sleep",
    "list_add",
    "list_del",
    "list_replace",
    "list_move",
    "list_splice",
    "_indirect_thunk_",
    "string",
    "pointer",
    "snprintf",
    "scnprintf",
    "kasprintf",
    "kvasprintf",
    "printk",
    "va_format",
    "dev_info",
    "dev_notice",
    "dev_warn",
    "dev_err",
    "dev_alert",
    "dev_crit",
    "dev_emerg",
    "program_check_exception",
    "program_check_common",
    "del_timer",
    "flush_work",
    "__cancel_work_timer",
    "cancel_work_sync",
    "try_to_grab_pending",
    "flush_workqueue",
    "drain_workqueue",
    "destroy_workqueue",
    "queue_work",
    "finish_wait",
    "kthread_stop",
    "kobject_del",
    "kobject_put",
    "kobject_uevent_env",
    "add_uevent_var",
    "get_device_parent",
    "device_add",
    "device_del",
    "device_unregister",
    "device_destroy",
    "device_release",
    "devres_release_all",
    "hwrng_unregister",
    "i2c_del_adapter",
    "__unregister_client",
    "device_for_each_child",
    "rollback_registered",
    "unregister_netdev",
    "sysfs_remove",
    "device_remove_file",
    "kmem_cache",
    "kmalloc",
    "kvmalloc",
    "krealloc",
    "kzalloc",
    "kcalloc",
    "__alloc_pages",
    "alloc_pages",
    "read_once",
    "dput",
    "^rb_",
    "__rb_",
    "print_report",
    "copy_to_iter",
    "copy_from_iter",
    "strstr",
    "kfree",
    "lock_timer_base",
    "mutex_optimistic_spin",
    "atomic_dec_and",
    "rt_mutex",
    "page_owner",
    "^ida_",
    "ref_tracker",
    "hex_dump",
    "^crc",
    "iput",
    "kvfree",
    "copy_page_to_iter",
    "stack_walk",
    "mod_timer",
    "timer_delete",
    "write_lock",
    "alloc_frozen_pages",
    "do_kernel_fault",
    "do_tag_check_fault",
    "do_mem_abort",
    "do_bad_area",
    "unlock_page",
    "test_and_clear_bit",
    "test_and_set_bit",
    "stack_trace_",
    "insert_work",
    "queue_delayed_work",
    "mark_held_locks",
    "print_usage_bug",
    "valid_state",
    "mark_usage",
    "trace_hardirqs",
    "rq_lock",
    "rq_unlock",
    "put_device",
    "print_tainted",
    "get_taint",
    "add_taint",
    "check_panic_on_warn",
    "_timer_sync",
    "local_bh_enable",
    "kobject_",
    "hwasan",
    "tty_unregister_device",
    "dummy_urb_enqueue",
    "usb_kill_urb",
    "usb_kill_anchored_urbs",
    "usb_control_msg",
    "usb_hcd_submit_urb",
    "usb_submit_urb",
    "^complete$",
    "wait_for_completion",
    "^kv?free$",
    "kfree_skb",
    "readb$",
    "readw$",
    "readl$",
    "readq$",
    "__readb$",
    "__readw$",
    "__readl$",
    "__readq$",
    // Crash-dump and trap plumbing of RHEL kernels (crash `bt` and oops stacks).
    "machine_kexec",
    "crash_kexec",
    "oops_end",
    "^die$",
    "__die",
    "do_trap",
    "do_invalid_op",
    "page_fault",
    "no_context",
    "bad_area",
    "^do_page_fault$",
    "^__do_page_fault$",
    "exc_invalid_op",
    "asm_exc_",
    "show_stack",
    "show_trace",
    "dump_backtrace",
    "el1_",
    "^bug_handler$",
    "^brk_handler$",
    "^do_debug_exception$",
    "^__bad_stack$",
    "^handle_bad_stack$",
    // Architecture unwinders and exception/syscall entry: they print or enter the stack, never own the bug.
    "walk_stackframe",
    "walk_stack",
    "unwind_backtrace",
    "arch_stack_walk",
    "^ret_from_exception$",
    "^handle_exception$",
    "^el1h_64_sync",
    "^el1h_64_error",
    "^el1_abort$",
    "^el1_da$",
    "^el1_sync$",
    "^el0_svc$",
    "^el0t_64_sync",
    "^el0_sync",
    "^__el0_svc",
    "^vector_swi$",
    "^__dabt_svc$",
    "^__pabt_svc$",
    "^__und_svc$",
    "^do_DataAbort$",
    "^do_PrefetchAbort$",
    "^do_undefinstr$",
    "^arm_notify_die$",
    "^__do_kernel_fault",
    "^do_translation_fault$",
    "^do_sea$",
    // Fault handlers: the faulting function is the caller that touched the memory.
    "^do_user_addr_fault$",
    "^do_kern_addr_fault$",
    "^handle_page_fault$",
    "^exc_page_fault$",
    "^kernelmode_fixup_or_oops$",
    "^page_fault_oops$",
    "^show_fault_oops$",
    "^spurious_kernel_fault$",
    // Instrumentation and sanitizer hooks compiled into every function.
    "__might_resched",
    "__might_sleep",
    "write_comp_data",
    "^__tsan_",
    "__seqprop_",
    "seqprop_assert",
    "^instrument_",
    "^raw_atomic",
    "^arch_atomic",
    "^atomic_read",
    "^atomic_set",
    "^atomic_inc",
    "^atomic_add",
    "^atomic_sub",
    "^atomic_and",
    "^atomic_or",
    "^atomic_xor",
    "^atomic_fetch",
    "^atomic_xchg",
    "^atomic_cmpxchg",
    "^atomic_try_cmpxchg",
    "^set_bit$",
    "^clear_bit$",
    "^change_bit$",
    "^test_bit$",
    "^__set_bit$",
    "^__clear_bit$",
    "write_once",
    // Allocator internals and copy-from-user helpers: the caller asked for the memory.
    "slab_alloc",
    "slab_free",
    "__slab_",
    "^allocate_slab$",
    "^new_slab$",
    "^alloc_slab_page$",
    "^folio_alloc",
    "^__get_free_pages$",
    "^get_zeroed_page$",
    "^__vmalloc",
    "^vmalloc",
    "^vzalloc",
    "memdup",
    "strndup_user",
    "^kstrdup",
    "^kmemdup",
    "strdup",
  ],
  stripPrefixes: [
    "SYSC_",
    "SyS_",
    "sys_",
    "__x64_",
    "__ia32_",
    "__arm64_",
    "__riscv_",
    "__s390x_",
    "__s390_",
    "____sys_",
    "___sys_",
    "__sys_",
    "__se_sys_",
    "__do_sys_",
    "compat_SYSC_",
    "compat_SyS_",
    "ksys_",
  ],
  cloneSuffix: /\.(?:isra|constprop|part|cold|llvm|lto_priv|clone|specialized)(?:\.\d+)*/g,
  stallAnchors: [
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
  ],
  hangAnchors: [
    ["rtnl_lock", ""],
    ["synchronize_rcu", "synchronize_rcu"],
    ["synchronize_srcu", "synchronize_rcu"],
    ["synchronize_net", "synchronize_rcu"],
    ["synchronize_sched", "synchronize_rcu"],
  ],
  hangSkip: [
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
  ],
  // The scheduler: every sleeping stack passes through it.
  derivedRuleSkip: ["^schedule$", "^__schedule$"],
};

/**
 * The build-independent name of a function: compiler clone suffixes (`.isra.3`, `.constprop.0`,
 * `.part.5`, `.cold`, `.llvm.123`, `.clone.0`) are dropped and the name cut at any other `.`, so the
 * same source function groups together, and matches a rule naming it, whichever way a build split or
 * cloned it.
 */
export function normalizeFunction(name: string): string {
  const cut = name.indexOf(".");
  if (cut < 0) return name;
  const stripped = name.replace(LINUX_STACK_PARAMS.cloneSuffix, "");
  const dot = stripped.indexOf(".");
  return dot < 0 ? stripped : stripped.slice(0, dot);
}

/** syzkaller's {{FUNC}}: the name up to its first `.`. */
export function titleFunction(name: string): string {
  const dot = name.indexOf(".");
  return dot < 0 ? name : name.slice(0, dot);
}

/**
 * Removes syscall-entry prefixes from a frame name, one pass in list order as syzkaller does:
 * `__x64_sys_foo` → `sys_foo`, `__se_sys_foo` → `foo`, `SyS_foo` → `foo`.
 */
export function stripFramePrefixes(name: string): string {
  // Nothing is stripped from a name no prefix starts like (most names): the list is not walked.
  if (!PREFIX_FIRST_CHARS.has(name.charAt(0))) return name;
  let out = name;
  for (const prefix of LINUX_STACK_PARAMS.stripPrefixes) {
    if (out.startsWith(prefix) && out.length > prefix.length) out = out.slice(prefix.length);
  }
  return out;
}

const PREFIX_FIRST_CHARS = new Set(LINUX_STACK_PARAMS.stripPrefixes.map((p) => p.charAt(0)));

/** Is this frame generic machinery (LINUX_STACK_PARAMS.skip, or one of `extra`, in the same syntax)? */
export function isSkippedFrame(name: string, extra: readonly string[] = []): boolean {
  return matchesSkip(name, LINUX_STACK_PARAMS.skip) || matchesSkip(name, extra);
}

/** A skip list compiled once into one regular expression: `^x$` exact, `^x` prefix, `x$` suffix, else substring. */
const skipMatchers = new WeakMap<readonly string[], RegExp>();

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
