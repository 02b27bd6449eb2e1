/**
 * Quality table: real fixes picked from the bundled changelogs, each with a host kernel older than
 * the fix and a realistic trace (the guilty frame first, then its callers down to the common entry
 * frames). The expected entry must be in the top 3; top-1 and top-3 rates are printed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCrashSummary } from "../crash";
import { buildIndex, type ChangelogIndex } from "./changelog-index";
import { findFixes, findFixesForCrash, type FixQuery } from "./find-fixes";
import { loadBundledChangelogs } from "./load-bundled";
import { parseChangelog } from "./parse-changelog";

interface QualityCase extends FixQuery {
  name: string;
  /** Build that carries the fix, as its header writes it. */
  build: string;
  /** A piece of the expected entry's text. */
  entry: string;
  firstRelease?: { minor: string; kernel: string };
}

const CASES: QualityCase[] = [
  {
    name: "el6 seed: BUG in tcp_v4_err",
    kernel: "2.6.32-279.14.1.el6.x86_64",
    functions: [
      "tcp_v4_err",
      "icmp_unreach",
      "icmp_rcv",
      "ip_local_deliver_finish",
      "ip_local_deliver",
      "ip_rcv_finish",
      "ip_rcv",
      "__netif_receive_skb",
      "process_backlog",
      "net_rx_action",
      "__do_softirq",
      "call_softirq",
      "do_softirq",
      "irq_exit",
      "smp_apic_timer_interrupt",
      "apic_timer_interrupt",
      "cpuidle_idle_call",
      "cpu_idle",
      "start_secondary",
    ],
    bugFile: "net/ipv4/tcp_ipv4.c",
    build: "2.6.32-364.el6",
    entry: "Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]",
    firstRelease: { minor: "6.5", kernel: "2.6.32-431.el6" },
  },
  {
    name: "el6 CVE-2014-0101: NULL deref in sctp_sf_do_5_1D_ce",
    kernel: "2.6.32-358.el6.x86_64",
    functions: [
      "sctp_sf_do_5_1D_ce",
      "sctp_do_sm",
      "sctp_endpoint_bh_rcv",
      "sctp_inq_push",
      "sctp_rcv",
      "ip_local_deliver_finish",
      "ip_local_deliver",
      "ip_rcv_finish",
      "ip_rcv",
      "__netif_receive_skb",
      "net_rx_action",
      "__do_softirq",
    ],
    build: "2.6.32-451.el6",
    entry: "fix sctp_sf_do_5_1D_ce to verify if peer is AUTH capable",
    firstRelease: { minor: "6.6", kernel: "2.6.32-504.el6" },
  },
  {
    name: "el7 ext4: BUG_ON in mb_free_blocks",
    kernel: "3.10.0-123.el7.x86_64",
    functions: [
      "mb_free_blocks",
      "ext4_free_blocks",
      "ext4_remove_blocks",
      "ext4_ext_rm_leaf",
      "ext4_ext_remove_space",
      "ext4_truncate",
      "ext4_evict_inode",
      "evict",
      "iput",
      "do_unlinkat",
      "sys_unlinkat",
      "system_call_fastpath",
    ],
    bugFile: "fs/ext4/mballoc.c",
    build: "3.10.0-199.el7",
    entry: "ext4: fix BUG_ON in mb_free_blocks()",
    firstRelease: { minor: "7.1", kernel: "3.10.0-229.el7" },
  },
  {
    name: "el7 xfs: NULL deref in xfs_filestream_lookup_ag",
    kernel: "3.10.0-229.el7.x86_64",
    functions: [
      "xfs_filestream_lookup_ag",
      "xfs_filestream_new_ag",
      "xfs_bmap_btalloc_nullfb",
      "xfs_bmap_btalloc",
      "xfs_bmap_alloc",
      "xfs_bmapi_write",
      "xfs_iomap_write_allocate",
      "xfs_map_blocks",
      "xfs_vm_writepage",
      "__writepage",
      "write_cache_pages",
      "generic_writepages",
      "xfs_vm_writepages",
      "do_writepages",
      "__writeback_single_inode",
      "writeback_sb_inodes",
      "wb_writeback",
      "bdi_writeback_workfn",
      "process_one_work",
      "worker_thread",
      "kthread",
      "ret_from_fork",
    ],
    build: "3.10.0-274.el7",
    entry: "xfs: fix NULL pointer dereference in xfs_filestream_lookup_ag()",
    firstRelease: { minor: "7.2", kernel: "3.10.0-327.el7" },
  },
  {
    name: "el7 fsnotify: oops in fsnotify_clear_marks_by_group_flags",
    kernel: "3.10.0-229.7.2.el7.x86_64",
    functions: [
      "fsnotify_clear_marks_by_group_flags",
      "fsnotify_clear_marks_by_group",
      "fsnotify_destroy_group",
      "inotify_release",
      "__fput",
      "____fput",
      "task_work_run",
      "do_notify_resume",
      "int_signal",
    ],
    build: "3.10.0-320.el7",
    entry: "fsnotify: fix oops in fsnotify_clear_marks_by_group_flags()",
    firstRelease: { minor: "7.2", kernel: "3.10.0-327.el7" },
  },
  {
    name: "el7 sched: divide error in update_task_scan_period",
    kernel: "3.10.0-123.20.1.el7.x86_64",
    functions: [
      "update_task_scan_period",
      "task_numa_fault",
      "do_numa_page",
      "handle_mm_fault",
      "__do_page_fault",
      "do_page_fault",
      "page_fault",
    ],
    build: "3.10.0-201.el7",
    entry: "sched/fair: Care divide error in update_task_scan_period()",
    firstRelease: { minor: "7.1", kernel: "3.10.0-229.el7" },
  },
  {
    name: "el7 ceph: NULL deref in send_mds_reconnect",
    kernel: "3.10.0-229.el7.x86_64",
    functions: [
      "send_mds_reconnect",
      "check_new_map",
      "ceph_mdsc_handle_map",
      "dispatch",
      "con_work",
      "process_one_work",
      "worker_thread",
      "kthread",
      "ret_from_fork",
    ],
    module: "ceph",
    build: "3.10.0-283.el7",
    entry: "ceph: fix null pointer dereference in send_mds_reconnect()",
    firstRelease: { minor: "7.2", kernel: "3.10.0-327.el7" },
  },
  {
    name: "el7 z-stream: use-after-free in vma_adjust",
    kernel: "3.10.0-514.21.1.el7.x86_64",
    functions: ["vma_adjust", "__split_vma", "do_munmap", "vm_munmap", "sys_munmap", "system_call_fastpath"],
    build: "3.10.0-514.25.1.el7",
    entry: "fix use-after-free if memory allocation failed in vma_adjust()",
    firstRelease: { minor: "7.3", kernel: "3.10.0-514.25.1.el7" },
  },
  {
    name: "el8 tipc: use-after-free in tipc_disc_rcv",
    kernel: "4.18.0-193.el8.x86_64",
    functions: [
      "tipc_disc_rcv",
      "tipc_rcv",
      "tipc_l2_rcv_msg",
      "__netif_receive_skb_one_core",
      "process_backlog",
      "net_rx_action",
      "__do_softirq",
      "do_softirq_own_stack",
      "do_softirq",
      "netif_rx_ni",
    ],
    module: "tipc",
    build: "4.18.0-197.el8",
    entry: "tipc: fix use-after-free in tipc_disc_rcv()",
    firstRelease: { minor: "8.3", kernel: "4.18.0-240.el8" },
  },
  {
    name: "el8 ceph: use-after-free in __ceph_remove_cap",
    kernel: "4.18.0-147.el8.x86_64",
    functions: [
      "__ceph_remove_cap",
      "handle_cap_export",
      "ceph_handle_caps",
      "dispatch",
      "ceph_con_workfn",
      "process_one_work",
      "worker_thread",
      "kthread",
      "ret_from_fork",
    ],
    module: "ceph",
    build: "4.18.0-154.el8",
    entry: "ceph: fix use-after-free in __ceph_remove_cap()",
    firstRelease: { minor: "8.2", kernel: "4.18.0-193.el8" },
  },
  {
    name: "el8 nfsd: oops in free_session",
    kernel: "4.18.0-80.11.2.el8_0.x86_64",
    functions: [
      "free_session",
      "free_client",
      "__destroy_client",
      "nfsd4_destroy_clientid",
      "nfsd4_proc_compound",
      "nfsd_dispatch",
      "svc_process_common",
      "svc_process",
      "nfsd",
      "kthread",
      "ret_from_fork",
    ],
    module: "nfsd",
    build: "4.18.0-147.8.el8",
    entry: "nfsd: Fix an Oops in free_session()",
    firstRelease: { minor: "8.2", kernel: "4.18.0-193.el8" },
  },
  {
    name: "el8 net sched: crash in tcf_action_destroy",
    kernel: "4.18.0-147.el8.x86_64",
    functions: [
      "tcf_action_destroy",
      "tcf_exts_destroy",
      "fl_destroy_filter_work",
      "process_one_work",
      "worker_thread",
      "kthread",
      "ret_from_fork",
    ],
    build: "4.18.0-152.el8",
    entry: "sched: fix possible crash in tcf_action_destroy()",
    firstRelease: { minor: "8.2", kernel: "4.18.0-193.el8" },
  },
  {
    name: "el9 vmxnet3: NULL deref in vmxnet3_rq_rx_complete",
    kernel: "5.14.0-362.8.1.el9_3.x86_64",
    functions: [
      "vmxnet3_rq_rx_complete",
      "vmxnet3_poll_rx_only",
      "__napi_poll",
      "net_rx_action",
      "__do_softirq",
      "__irq_exit_rcu",
      "common_interrupt",
      "asm_common_interrupt",
    ],
    module: "vmxnet3",
    build: "5.14.0-407.el9",
    entry: "vmxnet3: Fix NULL pointer dereference in vmxnet3_rq_rx_complete()",
    firstRelease: { minor: "9.4", kernel: "5.14.0-427.13.1.el9_4" },
  },
  {
    name: "el9 smb: use-after-free in smb2_query_info_compound",
    kernel: "5.14.0-427.13.1.el9_4.x86_64",
    functions: [
      "smb2_query_info_compound",
      "smb2_queryfs",
      "smb311_queryfs",
      "cifs_statfs",
      "statfs_by_dentry",
      "vfs_statfs",
      "user_statfs",
      "__do_sys_statfs",
      "do_syscall_64",
      "entry_SYSCALL_64_after_hwframe",
    ],
    module: "cifs",
    build: "5.14.0-442.el9",
    entry: "smb: client: fix use-after-free in smb2_query_info_compound()",
    firstRelease: { minor: "9.5", kernel: "5.14.0-503.11.1.el9_5" },
  },
  {
    name: "el9 tcp: use-after-free in reqsk_timer_handler",
    kernel: "5.14.0-503.11.1.el9_5.x86_64",
    functions: [
      "reqsk_timer_handler",
      "call_timer_fn",
      "__run_timers",
      "run_timer_softirq",
      "__do_softirq",
      "__irq_exit_rcu",
      "sysvec_apic_timer_interrupt",
      "asm_sysvec_apic_timer_interrupt",
    ],
    build: "5.14.0-546.el9",
    entry: "tcp: Fix use-after-free of nreq in reqsk_timer_handler()",
    firstRelease: { minor: "9.6", kernel: "5.14.0-570.12.1.el9_6" },
  },
  {
    name: "el9 nf_tables: NULL deref in nft_inner_init",
    kernel: "5.14.0-362.8.1.el9_3.x86_64",
    functions: [
      "nft_inner_init",
      "nf_tables_newexpr",
      "nf_tables_newrule",
      "nfnetlink_rcv_batch",
      "nfnetlink_rcv",
      "netlink_unicast",
      "netlink_sendmsg",
      "sock_sendmsg",
      "____sys_sendmsg",
      "___sys_sendmsg",
      "__sys_sendmsg",
      "do_syscall_64",
      "entry_SYSCALL_64_after_hwframe",
    ],
    build: "5.14.0-405.el9",
    entry: "nf_tables: fix NULL pointer dereference in nft_inner_init()",
    firstRelease: { minor: "9.4", kernel: "5.14.0-427.13.1.el9_4" },
  },
  {
    name: "el9 damon: divide error in damon_nr_accesses_to_accesses_bp",
    kernel: "5.14.0-362.8.1.el9_3.x86_64",
    functions: [
      "damon_nr_accesses_to_accesses_bp",
      "damon_update_monitoring_result",
      "damon_set_attrs",
      "damon_sysfs_apply_inputs",
      "damon_sysfs_cmd_request_callback",
      "kdamond_fn",
      "kthread",
      "ret_from_fork",
    ],
    build: "5.14.0-380.el9",
    entry: "mm/damon/core: fix divide error in damon_nr_accesses_to_accesses_bp()",
    firstRelease: { minor: "9.4", kernel: "5.14.0-427.13.1.el9_4" },
  },
  {
    name: "el9 z-stream: use-after-free in hid_ishtp_cl_remove",
    kernel: "5.14.0-570.12.1.el9_6.x86_64",
    functions: [
      "hid_ishtp_cl_remove",
      "ishtp_cl_device_remove",
      "device_release_driver_internal",
      "bus_remove_device",
      "device_del",
      "ishtp_bus_remove_all_clients",
      "ish_remove",
      "pci_device_remove",
    ],
    module: "intel_ishtp_hid",
    build: "5.14.0-570.32.1.el9_6",
    entry: "HID: intel-ish-hid: Fix use-after-free issue in hid_ishtp_cl_remove()",
    firstRelease: { minor: "9.6", kernel: "5.14.0-570.32.1.el9_6" },
  },
];

let index: ChangelogIndex;
beforeAll(() => {
  index = loadBundledChangelogs();
});

describe("findFixes quality table (bundled changelogs)", () => {
  const rows: { case: string; expected: string; rank: number | string; top: string }[] = [];

  it.each(CASES)("$name", (c) => {
    const result = findFixes(index, c);
    const rank = result.candidates.findIndex((x) => x.build === c.build && x.text.includes(c.entry));
    rows.push({
      case: c.name,
      expected: c.build,
      rank: rank < 0 ? "missing" : rank + 1,
      top: `${result.candidates[0]?.build ?? "-"} ${result.candidates[0]?.summary.slice(0, 50) ?? ""}`,
    });
    expect(rank, JSON.stringify(result.candidates.slice(0, 3), null, 1)).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(3);
    const found = result.candidates[rank];
    if (c.firstRelease) expect(found?.firstRelease).toMatchObject(c.firstRelease);
    expect(found?.matched[0]).toMatchObject({ name: c.functions[0], role: "guilty" });
  });

  it("prints the top-1 / top-3 rates", () => {
    const top1 = rows.filter((r) => r.rank === 1).length;
    const top3 = rows.filter((r) => typeof r.rank === "number" && r.rank <= 3).length;
    console.table(rows);
    console.log(`fix finder quality: top-1 ${top1}/${rows.length}, top-3 ${top3}/${rows.length}`);
    expect(top3).toBe(CASES.length);
  });
});

describe("findFixes rules", () => {
  const seed = CASES[0] as QualityCase;

  it("answers the seed crash text with the BZ 757658 entry first, links included", () => {
    const text = readFileSync(join(import.meta.dirname, "../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
    const result = findFixesForCrash(index, parseCrashSummary(text));
    expect(result.stream).toBe("el6");
    expect(result.candidates[0]).toMatchObject({
      build: "2.6.32-364.el6",
      firstRelease: { minor: "6.5", kernel: "2.6.32-431.el6", isGa: true },
      bugs: ["757658"],
      links: ["https://bugzilla.redhat.com/show_bug.cgi?id=757658"],
      hasCrashWords: false,
    });
    expect(result.candidates[0]?.matched.map((m) => m.name)).toEqual(["tcp_v4_err"]);
  });

  it("a z-stream kernel sees the main line after its base and its own z-stream, not other minors' z-streams", () => {
    const changelog = [
      "* Mon Jan 06 2014 A <a@x> [2.6.32-358.6.1.el6]",
      "- [net] foo: fix NULL pointer dereference in foo_rcv() (A) [3]",
      "",
      "* Mon Jan 06 2014 A <a@x> [2.6.32-300.el6]",
      "- [net] foo: make foo_rcv() faster (A) [4]",
      "",
      "* Mon Jan 06 2014 A <a@x> [2.6.32-279.19.1.el6]",
      "- [net] foo: fix race in foo_rcv() (A) [2]",
      "",
      "* Mon Jan 06 2014 A <a@x> [2.6.32-279.9.1.el6]",
      "- [net] foo: fix hang in foo_rcv() (A) [1]",
      "",
      "* Mon Jan 06 2014 A <a@x> [2.6.32-279.el6]",
      "- [net] foo: add foo_rcv() (A) [0]",
      "",
      "* Mon Jan 06 2014 A <a@x> [2.6.32-200.el6]",
      "- [net] bar: something (A) [5]",
    ].join("\n");
    const parsed = parseChangelog(changelog);
    if (!parsed.ok) throw new Error(parsed.reason);
    // A newer main-line build (431) makes 358.x an older minor's z-stream rather than the data's tip.
    const tip = parseChangelog("* Mon Jan 06 2014 A <a@x> [2.6.32-431.el6]\n- [net] other: x (A) [6]\n");
    if (!tip.ok) throw new Error(tip.reason);
    const small = buildIndex([{ stream: "el6", builds: [...tip.builds, ...parsed.builds] }]);
    const result = findFixes(small, { kernel: "2.6.32-279.14.1.el6.x86_64", functions: ["foo_rcv"] });
    expect(result.candidates.map((c) => c.build).sort()).toEqual(["2.6.32-279.19.1.el6", "2.6.32-300.el6"]);
    expect(result.candidates[0]?.build).toBe("2.6.32-279.19.1.el6");
    const withoutTip = buildIndex([{ stream: "el6", builds: parsed.builds }]);
    const atTip = findFixes(withoutTip, { kernel: "2.6.32-279.14.1.el6.x86_64", functions: ["foo_rcv"] });
    // With 300 as the newest main-line build, 358.6.1's z-stream is the only place its fix appears.
    expect(atTip.candidates.map((c) => c.build)).toContain("2.6.32-358.6.1.el6");
  });

  it("frames every trace carries never push the crashing function's fix down", () => {
    const noisy = findFixes(index, {
      ...seed,
      functions: [
        "tcp_v4_err",
        "do_syscall_64",
        "entry_SYSCALL_64",
        "system_call_fastpath",
        "ret_from_fork",
        "kthread",
        "worker_thread",
        "process_one_work",
        "schedule",
        "panic",
      ],
    });
    expect(noisy.candidates[0]?.build).toBe("2.6.32-364.el6");
  });

  it("says when the kernel is newer than its stream's changelog, and points to other streams", () => {
    const result = findFixes(index, {
      kernel: "3.10.0-1160.119.1.el7.x86_64",
      functions: ["__ceph_remove_cap", "ceph_handle_caps", "dispatch"],
    });
    expect(result.candidates).toEqual([]);
    expect(result.notes.join(" ")).toContain("the el7 changelog ends at 3.10.0-514.26.2.el7");
    expect(result.otherStreams.map((o) => [o.stream, o.build])).toEqual([["el8", "4.18.0-154.el8"]]);
    expect(result.otherStreams.every((o) => o.note.includes("no el7 entry found"))).toBe(true);
  });

  it("answers unparseable and non-RHEL kernels with a note", () => {
    expect(findFixes(index, { kernel: "banana", functions: ["tcp_v4_err"] }).notes[0]).toContain("not a kernel");
    expect(findFixes(index, { kernel: "6.8.0-31-generic", functions: ["tcp_v4_err"] }).notes[0]).toContain(
      "not a RHEL-family kernel",
    );
  });

  it("CVE-2012-4565: a fix that names no function is found by the words of the guilty frame's module", () => {
    const result = findFixes(index, {
      kernel: "2.6.32-279.el6.x86_64",
      functions: ["tcp_illinois_info", "inet_diag_dump_one_icsk", "inet_diag_get_exact", "inet_diag_rcv_msg"],
      module: "tcp_illinois",
    });
    const rank = result.candidates.findIndex((c) => c.cves.includes("CVE-2012-4565"));
    console.log(
      `CVE-2012-4565 (tcp_illinois_info, module tcp_illinois): rank ${rank + 1}, matched ${JSON.stringify(result.candidates[rank]?.matched)}`,
    );
    expect(rank).toBe(0);
    expect(result.candidates[0]).toMatchObject({ build: "2.6.32-344.el6", hasCrashWords: true });
  });
});
