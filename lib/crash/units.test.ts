import { describe, expect, it } from "vitest";
import { detectFormats } from "./detect-format";
import { sanitizeTitle } from "./extract-title";
import { parseFrameLine } from "./frames";
import { parseCrashSummary } from "./index";
import { normalizeLines } from "./normalize";
import { parseCrashBacktrace, parseCrashSys } from "./parse-crash-session";
import { findLockSites } from "./lockdep";
import { computeSignature, computeVariant, nextFrames, titleClass } from "./signature";
import { parseCtime, parseUptime, wallTimeToIso } from "./time";
import type { StackFrame } from "./types";

describe("normalizeLines", () => {
  it("strips syslog, journal, level, timestamp and caller prefixes", () => {
    const [syslog, journal, level, stamped, caller, login] = normalizeLines(
      [
        "Nov 12 10:00:01 web-01 kernel: [  12.500000] BUG: soft lockup",
        "2023-11-12T10:00:01.123456+01:00 web-01 kernel: RIP: 0010:foo+0x1/0x2",
        "<4>Pid: 0, comm: swapper Not tainted",
        "[  984.031088] INFO: task x:1 blocked",
        "[ 1191.678706][ T1043] kernel BUG at mm/page_alloc.c:3112!",
        "syzkaller login: [   35.184476] BUG: using",
      ].join("\n"),
    );
    expect(syslog).toMatchObject({ text: "BUG: soft lockup", host: "web-01", timestamp: 12.5, context: "console" });
    expect(syslog?.wallTime).toEqual({
      year: null,
      month: 11,
      day: 12,
      hour: 10,
      minute: 0,
      second: 1,
      offsetMinutes: null,
    });
    expect(journal).toMatchObject({ text: "RIP: 0010:foo+0x1/0x2", host: "web-01", prefixes: ["journal"] });
    expect(journal?.wallTime?.offsetMinutes).toBe(60);
    expect(level).toMatchObject({
      text: "Pid: 0, comm: swapper Not tainted",
      prefixes: ["level"],
      timestamp: null,
      context: null,
    });
    expect(stamped).toMatchObject({ text: "INFO: task x:1 blocked", timestamp: 984.031088 });
    expect(caller).toMatchObject({ text: "kernel BUG at mm/page_alloc.c:3112!", context: "T1043" });
    expect(login).toMatchObject({ text: "BUG: using", context: "console" });
  });

  it("splits LF, CRLF and lone CR, and drops \\xNN escapes", () => {
    const lines = normalizeLines("a\r\nb\rc\nd \\xe2\\x80\\x98 e");
    expect(lines.map((l) => l.text)).toEqual(["a", "b", "c", "d  e"]);
  });

  it("caps the matched text of a long line but keeps the long form", () => {
    const [line] = normalizeLines(`Modules linked in: ${"mod ".repeat(500)}`);
    expect(line?.text.length).toBe(512);
    expect(line?.long?.length).toBe(19 + 2000);
  });
});

describe("time", () => {
  it("reads crash DATE with and without a zone (zone-less is taken as UTC)", () => {
    expect(parseCtime("Fri Sep 27 16:19:55 2013")).toBe("2013-09-27T16:19:55Z");
    expect(parseCtime("Thu Nov 22 18:26:26 UTC 2018")).toBe("2018-11-22T18:26:26Z");
    expect(parseCtime("Thu Oct 29 17:31:13 EDT 2015")).toBe("2015-10-29T21:31:13Z");
    expect(parseCtime("Wed Mar  1 01:02:03 +0900 2017")).toBe("2017-02-28T16:02:03Z");
    expect(parseCtime("yesterday")).toBeNull();
  });

  it("reads crash UPTIME", () => {
    expect(parseUptime("3 days, 15:03:51")).toBe(313431);
    expect(parseUptime("1 day, 00:00:05")).toBe(86405);
    expect(parseUptime("00:01:02")).toBe(62);
    expect(parseUptime("soon")).toBeNull();
  });

  it("gives syslog times the reference year, or the year before when that would be in the future", () => {
    const t = { year: null, month: 12, day: 31, hour: 23, minute: 59, second: 0, offsetMinutes: null };
    expect(wallTimeToIso(t, new Date("2026-01-02T00:00:00Z"))).toBe("2025-12-31T23:59:00Z");
    expect(wallTimeToIso({ ...t, month: 1, day: 1 }, new Date("2026-01-02T00:00:00Z"))).toBe("2026-01-01T23:59:00Z");
  });
});

describe("frames", () => {
  it("parses call-trace lines of every generation and architecture", () => {
    expect(parseFrameLine(" [<ffffffffa01b3557>] ? ipv4_confirm+0x87/0x1d0 [nf_conntrack_ipv4]")).toEqual({
      function: "ipv4_confirm",
      offset: 0x87,
      size: 0x1d0,
      module: "nf_conntrack_ipv4",
      reliable: false,
    });
    expect(parseFrameLine("  do_exit.cold+0x15/0x15")).toMatchObject({
      function: "do_exit.cold",
      reliable: true,
      module: null,
    });
    expect(
      parseFrameLine(" [c00000016637bd00] [d000000010f13fa4] process_ssc_queue+0x1a4/0x2f0 [mhvtl] (unreliable)"),
    ).toMatchObject({
      function: "process_ssc_queue",
      module: "mhvtl",
      reliable: false,
    });
    expect(parseFrameLine(" ([<00000000001a2b3c>] dasd_do_io+0x2c/0x90)")).toMatchObject({
      function: "dasd_do_io",
      size: 0x90,
    });
    expect(parseFrameLine("RIP: 0010:foo+0x1/0x2")).toBeNull();
    expect(parseFrameLine("Hardware name: QEMU")).toBeNull();
  });

  it("masks variable parts of titles", () => {
    expect(sanitizeTitle("KASAN: slab-out-of-bounds in ip6_fragment+0x1052/0x2d80 at addr ffff88004ec29b58")).toBe(
      "KASAN: slab-out-of-bounds in ip6_fragment at addr ADDR",
    );
    expect(sanitizeTitle("INFO: Freed in fasync_free_rcu+0x14/0x20 age=57 cpu=0 pid=18338")).toBe(
      "INFO: Freed in fasync_free_rcu age=NUM cpu=NUM pid=NUM",
    );
  });
});

describe("crash session", () => {
  const session = normalizeLines(
    [
      "      KERNEL: /usr/lib/debug/lib/modules/3.10.0-327.el7.ppc64le/vmlinux",
      "    DUMPFILE: vmcore  [PARTIAL DUMP]",
      "     RELEASE: 3.10.0-327.el7.ppc64le",
      '       PANIC: ""',
      "         PID: 11978",
      "crash> bt",
      'PID: 0      TASK: ffff88022a568aa0  CPU: 3   COMMAND: "swapper"',
      " #0 [ffff88002f863890] machine_kexec at ffffffff8103284b",
      "#10 [ffff88002f863d18] foo_handler at ffffffff81471c38 [foo]",
      "--- <NMI exception stack> ---",
      "#11 [ffff88002f863d48] do_idle at ffffffff814710fd",
    ].join("\n"),
  );

  it("reads sys fields, ignoring lines that only look alike", () => {
    const sys = parseCrashSys(session);
    expect(sys?.fields.get("RELEASE")).toBe("3.10.0-327.el7.ppc64le");
    expect(sys?.fields.get("DUMPFILE")).toBe("vmcore  [PARTIAL DUMP]");
    expect(sys?.fields.get("PID")).toBe("11978");
    expect(parseCrashSys(normalizeLines("CPU: 0 PID: 1 Comm: x\nDATE: today"))).toBeNull();
  });

  it("reads bt frames, modules and which stack they ran on", () => {
    const bt = parseCrashBacktrace(session);
    expect(bt).toMatchObject({ pid: 0, cpu: 3, comm: "swapper" });
    expect(bt?.frames.map((f) => [f.function, f.stack, f.module])).toEqual([
      ["machine_kexec", "nmi", null],
      ["foo_handler", "nmi", "foo"],
      ["do_idle", "task", null],
    ]);
  });

  it("says no crash for an empty PANIC and no bt", () => {
    const r = parseCrashSummary(
      '      KERNEL: vmlinux\n    DUMPFILE: vmcore\n     RELEASE: 5.14.0-1.el9.x86_64\n       PANIC: ""\n',
    );
    expect(r).toMatchObject({ detected: false, formats: ["crash-session"] });
  });

  it("detects formats", () => {
    const lines = normalizeLines("<4>[  1.000000] a\n");
    expect(detectFormats(lines, "<4>[  1.000000] a\n", { hasCrashSys: false, hasCrashBt: false })).toEqual([
      "vmcore-dmesg",
    ]);
    expect(detectFormats(normalizeLines("plain"), "plain", { hasCrashSys: false, hasCrashBt: false })).toEqual([
      "console",
    ]);
  });
});

describe("signature", () => {
  const frame = (fn: string, reliable = true): StackFrame => ({
    function: fn,
    offset: 1,
    size: 2,
    module: null,
    reliable,
    stack: "task",
  });

  it("groups by title class and guilty function: clone suffixes and stacks never split a group", () => {
    expect(computeSignature("kernel BUG in f", "f.isra.1")).toBe(computeSignature("kernel BUG in f", "f"));
    expect(computeSignature("kernel BUG in f2", "f2")).not.toBe(computeSignature("kernel BUG in f", "f"));
    expect(computeSignature("WARNING in f", "f")).not.toBe(computeSignature("kernel BUG in f", "f"));
  });

  it("puts a deadlock's lock sites in the group key", () => {
    const a = computeSignature("possible deadlock in f", "f", ["f", "g"]);
    expect(computeSignature("possible deadlock in f", "f", ["f", "g"])).toBe(a);
    expect(computeSignature("possible deadlock in f", "f", ["f", "h"])).not.toBe(a);
  });

  it("variant: ignores offsets, clone suffixes, unreliable and generic frames", () => {
    const a = computeVariant("BUG", "kernel BUG in f", "f", [
      frame("dump_stack"),
      frame("g.isra.1"),
      frame("x", false),
      frame("h"),
      frame("i"),
      frame("j"),
    ]);
    const b = computeVariant("BUG", "kernel BUG in f", "f", [
      frame("g"),
      frame("h.constprop.0"),
      frame("i"),
      frame("j"),
      frame("k"),
    ]);
    expect(a).toBe(b);
    expect(nextFrames("f", [frame("f"), frame("g.isra.1"), frame("h")])).toEqual(["g", "h"]);
  });

  it("variant: differs for another kind, guilty frame or callers", () => {
    const base = computeVariant("BUG", "kernel BUG in f", "f", [frame("g"), frame("h")]);
    expect(computeVariant("WARNING", "WARNING in f", "f", [frame("g"), frame("h")])).not.toBe(base);
    expect(computeVariant("BUG", "kernel BUG in f2", "f2", [frame("g"), frame("h")])).not.toBe(base);
    expect(computeVariant("BUG", "kernel BUG in f", "f", [frame("g"), frame("other")])).not.toBe(base);
  });

  it("finds a deadlock's lock sites: at: lines and the chain's callers, not the tail", () => {
    const sites = findLockSites([
      "WARNING: possible circular locking dependency detected",
      "task/1 is trying to acquire lock:",
      "ffff8881 (&a->lock){+.+.}-{3:3}, at: f_take+0x1/0x2 [mod]",
      "but task is already holding lock:",
      " (&b->lock){+.+.}, at: [<ffffffff8113a4e2>] g_hold.isra.0+0x42/0x1d0",
      "-> #1 (&b->lock){+.+.}-{3:3}:",
      "       __mutex_lock+0x15a/0x13c0",
      "       mutex_lock_nested+0x1/0x2",
      "       h_chain+0x4c/0x180",
      "       later_frame+0x1/0x2",
      "other info that might help us debug this:",
      " #0: ffff888 (&c->lock){+.+.}-{3:3}, at: tail_held+0x4c/0x180",
    ]);
    expect(sites).toEqual(["f_take", "g_hold", "h_chain"]);
  });
  it("masks numbers in the title class", () => {
    expect(titleClass("kernel BUG in tcp_v4_err", "tcp_v4_err")).toBe("kernel BUG in");
    expect(titleClass("kernel panic: Attempted to kill init! exitcode=0x0000000b", null)).toBe(
      "kernel panic: Attempted to kill init! exitcode=ADDR",
    );
  });
});

describe("follow-ups and context", () => {
  it("lists later oopses after the primary one", () => {
    const text = [
      "[  1.0] WARNING: CPU: 0 PID: 1 at net/core/dev.c:1 foo+0x1/0x2",
      "[  1.1] Call Trace:",
      "[  1.2]  foo+0x1/0x2",
      "[  1.3]  bar+0x1/0x2",
      "[  2.0] general protection fault: 0000 [#1] SMP",
      "[  2.1] RIP: 0010:baz+0x1/0x2",
      "[  2.2] Call Trace:",
      "[  2.3]  qux+0x1/0x2",
      "[  2.4] Kernel panic - not syncing: Fatal exception",
    ].join("\n");
    const r = parseCrashSummary(text);
    expect(r.title).toBe("WARNING in foo");
    expect(r.panicked).toBe(true);
    expect(r.followUps).toEqual([
      {
        kind: "GENERAL_PROTECTION",
        title: "general protection fault in baz",
        message: "general protection fault: 0000 [#1] SMP",
      },
    ]);
  });

  it("ignores boot noise before the crash and says why nothing was found", () => {
    const r = parseCrashSummary("[    0.000000] Linux version 5.14.0-1.el9.x86_64\n[    1.0] systemd[1]: Started.\n");
    expect(r).toMatchObject({ detected: false, reason: "no kernel crash report found", formats: ["dmesg"] });
  });

  it("does not break on arm64, ppc64le and s390x stacks", () => {
    const arm = parseCrashSummary(
      "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010\npc : foo_probe+0x1c/0x30 [foo]\nlr : really_probe+0x1/0x2\nCall trace:\n foo_probe+0x1c/0x30 [foo]\n really_probe+0x1/0x2\n",
    );
    expect(arm).toMatchObject({
      detected: true,
      kind: "NULL_DEREF",
      title: "BUG: unable to handle kernel NULL pointer dereference in foo_probe",
      arch: "aarch64",
    });
    const ppc = parseCrashSummary(
      "Unable to handle kernel paging request for data at address 0xffffffffffffff70\nNIP [d000000010f12d4c] sbc_write_6+0x4c/0x1a0 [mhvtl]\nLR [d000000010f13fa4] process_ssc_queue+0x1a4/0x2f0 [mhvtl]\nCall Trace:\n[c00000016637bd00] [d000000010f13fa4] process_ssc_queue+0x1a4/0x2f0 [mhvtl] (unreliable)\n",
    );
    expect(ppc).toMatchObject({ detected: true, title: "BUG: unable to handle kernel paging request in sbc_write_6" });
    const s390 = parseCrashSummary(
      "kernel BUG at drivers/s390/block/dasd.c:1234!\nKrnl PSW : 0704c00180000000 000003ff8001a2b4 (dasd_do_io+0x2c/0x90 [dasd_mod])\nCall Trace:\n([<000003ff8001a2b4>] dasd_do_io+0x2c/0x90 [dasd_mod])\n [<000003ff8001b000>] dasd_block_tasklet+0x1/0x2 [dasd_mod]\n",
    );
    expect(s390).toMatchObject({ detected: true, kind: "BUG", arch: "s390x" });
    expect(s390.title).toMatch(/^kernel BUG in /);
  });
});

describe("kinds without a syzkaller title", () => {
  it("classifies machine checks, unknown NMIs, EDAC uncorrected errors and OOM panics", () => {
    const cases: [string, string, string, boolean][] = [
      [
        "[ 100.1] mce: [Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 4: b200000000070f0f\n[ 100.3] Kernel panic - not syncing: Fatal machine check on current CPU\n",
        "HARDWARE",
        "hardware error: machine check",
        true,
      ],
      [
        "[ 5.0] Uhhuh. NMI received for unknown reason 3d on CPU 0.\n[ 5.2] Kernel panic - not syncing: NMI: Not continuing\n",
        "HARDWARE",
        "NMI: unknown reason",
        true,
      ],
      [
        "[ 7.0] EDAC MC0: 1 UE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0\n",
        "HARDWARE",
        "hardware error: EDAC uncorrected error",
        false,
      ],
      [
        "[ 9.0] Kernel panic - not syncing: Out of memory and no killable processes...\n",
        "OOM",
        "kernel panic: Out of memory and no killable processes...",
        true,
      ],
      [
        "[ 9.0] Kernel panic - not syncing: softlockup: hung tasks\n",
        "SOFT_LOCKUP",
        "kernel panic: softlockup: hung tasks",
        true,
      ],
    ];
    for (const [text, kind, title, panicked] of cases) {
      expect(parseCrashSummary(text), title).toMatchObject({ detected: true, kind, title, panicked });
    }
  });

  it("reports machine check logs as hardware errors (not panics), and OOM kills not at all", () => {
    const mce = parseCrashSummary("[  1.0] mce: [Hardware Error]: Machine check events logged\n");
    expect(mce).toMatchObject({ detected: true, kind: "HARDWARE", panicked: false });
    expect(parseCrashSummary("[ 2.0] Out of memory: Killed process 1234 (java) total-vm:100kB\n").detected).toBe(false);
  });
});

describe("RHEL 5 shapes", () => {
  it("titles `Kernel BUG at` like `kernel BUG at` and reads `:module:function` symbols", () => {
    const r = parseCrashSummary(
      [
        "----------- [cut here ] --------- [please bite here ] ---------",
        "Kernel BUG at fs/ext3/balloc.c:1213",
        "invalid opcode: 0000 [1] SMP ",
        "Pid: 2113, comm: kjournald Not tainted 2.6.18-308.el5 #1",
        "RIP: 0010:[<ffffffff8804b2a1>]  [<ffffffff8804b2a1>] :ext3:ext3_free_blocks_sb+0x3c1/0x5c0",
        "Call Trace:",
        " [<ffffffff8804c9c4>] :ext3:ext3_free_blocks+0x3e/0x7e",
        " [<ffffffff88051d7f>] :ext3:ext3_truncate+0x4cf/0x8b0",
      ].join("\n"),
    );
    expect(r).toMatchObject({
      kind: "BUG",
      title: "kernel BUG in ext3_free_blocks_sb",
      message: "Kernel BUG at fs/ext3/balloc.c:1213",
      kernelRelease: "2.6.18-308.el5",
      rip: { function: "ext3_free_blocks_sb", offset: 0x3c1, size: 0x5c0, module: "ext3" },
    });
    expect(r.frames.map((f) => [f.function, f.module])).toEqual([
      ["ext3_free_blocks_sb", "ext3"],
      ["ext3_free_blocks", "ext3"],
      ["ext3_truncate", "ext3"],
    ]);
  });
});
