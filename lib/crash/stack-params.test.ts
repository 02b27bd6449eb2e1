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
