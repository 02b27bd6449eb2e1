import { describe, expect, it } from "vitest";
import { FUNCTION_NAME_RE, isSkippedFrame, normalizeFunction, stripFramePrefixes, titleFunction } from "./stack-params";

describe("stack params", () => {
  it("normalizes compiler clone suffixes", () => {
    expect(normalizeFunction("icmp_unreach.isra.3")).toBe("icmp_unreach");
    expect(normalizeFunction("tabledist.part.0")).toBe("tabledist");
    expect(normalizeFunction("do_exit.cold")).toBe("do_exit");
    expect(normalizeFunction("foo.constprop.0.isra.2")).toBe("foo");
    expect(normalizeFunction("tcp_v4_err")).toBe("tcp_v4_err");
    expect(titleFunction("xdp_test_run_batch.constprop.0")).toBe("xdp_test_run_batch");
  });

  it("skips generic machinery and strips syscall entry prefixes", () => {
    for (const f of [
      "dump_stack",
      "panic",
      "warn_slowpath_fmt",
      "_raw_spin_lock",
      "mutex_lock_nested",
      "kasan_report",
      "memcpy",
      "list_del",
      "machine_kexec",
      "die",
    ]) {
      expect(isSkippedFrame(f), f).toBe(true);
    }
    for (const f of ["tcp_v4_err", "icmp_unreach", "xfs_end_io", "ipgre_header"])
      expect(isSkippedFrame(f), f).toBe(false);
    expect(stripFramePrefixes("__x64_sys_memfd_secret")).toBe("sys_memfd_secret");
    expect(stripFramePrefixes("__se_sys_mremap")).toBe("mremap");
  });

  it.each([
    ["do_exit.cold", "do_exit"],
    ["tcp_ack.isra.0", "tcp_ack"],
    ["foo.constprop.3", "foo"],
    ["bar.part.0.cold", "bar"],
    ["foo.clone.0", "foo"],
    ["foo.constprop.0.cold", "foo"],
    ["tcp_v4_err", "tcp_v4_err"],
  ])("normalizes %s to %s", (input, expected) => {
    expect(normalizeFunction(input)).toBe(expected);
  });

  it.each([
    [
      "unwinders and entry",
      [
        "walk_stackframe",
        "unwind_backtrace",
        "dump_backtrace",
        "show_stack",
        "ret_from_exception",
        "el1h_64_sync_handler",
        "el1h_64_sync",
        "el0_svc",
        "el0t_64_sync_handler",
      ],
    ],
    [
      "instrumentation",
      [
        "__might_resched",
        "__might_sleep",
        "write_comp_data",
        "__sanitizer_cov_trace_pc",
        "atomic_read",
        "raw_atomic_read",
        "instrument_atomic_read",
        "__seqprop_assert",
      ],
    ],
    [
      "allocator and copy helpers",
      [
        "__kmalloc_node",
        "kmalloc_large_node",
        "___slab_alloc",
        "allocate_slab",
        "memdup_user",
        "vmemdup_user",
        "strndup_user",
        "kmemdup",
      ],
    ],
    [
      "fault handlers",
      [
        "do_user_addr_fault",
        "__bad_area_nosemaphore",
        "exc_page_fault",
        "page_fault_oops",
        "do_mem_abort",
        "el1_abort",
      ],
    ],
  ])("skips %s", (_class, names) => {
    for (const name of names) expect(isSkippedFrame(name), name).toBe(true);
  });

  it("keeps the callers outside those classes", () => {
    for (const name of ["handle_mm_fault", "atomic_notifier_call_chain", "mlx5e_xmit", "xfs_ilock", "ret_from_fork"]) {
      expect(isSkippedFrame(name), name).toBe(false);
    }
  });

  it("accepts function names as call traces print them", () => {
    for (const name of ["tcp_v4_err", "foo.isra.0", "_do_fork", "__x64_sys_ioctl", "func$1"]) {
      expect(FUNCTION_NAME_RE.test(name), name).toBe(true);
    }
    for (const name of ["", "0abc", "foo bar", "foo+0x1", "(dump_backtrace)"]) {
      expect(FUNCTION_NAME_RE.test(name), name).toBe(false);
    }
  });

  it("skips the extra patterns it is given, in the same syntax", () => {
    expect(isSkippedFrame("schedule")).toBe(false);
    expect(isSkippedFrame("schedule", ["^schedule$"])).toBe(true);
    expect(isSkippedFrame("schedule_timeout", ["^schedule$"])).toBe(false);
  });
});
