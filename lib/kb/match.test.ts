import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blankCrashReport, parseCrashSummary } from "../crash";
import type { CrashReport, StackFrame } from "../crash/types";
import { loadCatalogue } from "./catalogue";
import { matchKnownBugs, REGRESSION_NOTE } from "./match";

const SEED_ID = "rhel6-tcp_v4_err-BUG_ON-skb";
const bugs = loadCatalogue();

function frame(fn: string, reliable = true): StackFrame {
  return { function: fn, offset: null, size: null, module: null, reliable, stack: "irq" };
}

/** A detected CrashReport with every field defaulted; tests state only what matters to them. */
function crashReport(overrides: Partial<CrashReport> & { frameNames?: string[]; ripFunction?: string }): CrashReport {
  const { frameNames, ripFunction, ...rest } = overrides;
  return {
    ...blankCrashReport(),
    detected: true,
    formats: ["dmesg"],
    panicked: true,
    rip: ripFunction ? { function: ripFunction, offset: null, size: null, module: null } : null,
    frames: (frameNames ?? []).map((f) => frame(f)),
    guiltyFrame: ripFunction ?? null,
    ...rest,
  };
}

/** The seed crash as lib/crash should report it (2.6.32-279.14.1.el6, RHEL 6.3). */
function seedReport(kernelRelease: string): CrashReport {
  return crashReport({
    kind: "BUG",
    title: "kernel BUG in tcp_v4_err",
    message: "kernel BUG at net/ipv4/tcp_ipv4.c:417!",
    kernelRelease,
    ripFunction: "tcp_v4_err",
    frameNames: [
      "ipv4_confirm",
      "icmp_unreach",
      "icmp_rcv",
      "ip_local_deliver_finish",
      "ip_local_deliver",
      "ip_rcv_finish",
    ],
  });
}

describe("matchKnownBugs: the seed bug", () => {
  it("matches the seed crash on 2.6.32-279.14.1.el6 with fixed-in 2.6.32-431.el6", () => {
    const { best } = matchKnownBugs(seedReport("2.6.32-279.14.1.el6.x86_64"), bugs);
    expect(best).toMatchObject({
      bugId: SEED_ID,
      ruleId: "bug-at-tcp-ipv4-in-tcp-v4-err-from-icmp",
      confidence: 0.98,
      stream: "el6",
      fixStatus: "affected",
      fixedIn: "2.6.32-431.el6",
      minimalFix: "2.6.32-431.el6",
      kernelHasFix: false,
      note: null,
      evidence: {
        kind: "BUG",
        message: "kernel BUG at net/ipv4/tcp_ipv4.c:417!",
        function: "tcp_v4_err",
        callTrace: ["icmp_unreach", "icmp_rcv"],
      },
    });
  });

  it.each([
    ["2.6.32-431.el6.x86_64", "fixed"],
    ["2.6.32-504.16.2.el6.x86_64", "fixed"],
  ])("keeps the match on %s but flags it as a regression", (kernel, status) => {
    const { best } = matchKnownBugs(seedReport(kernel), bugs);
    expect(best).toMatchObject({
      bugId: SEED_ID,
      fixStatus: status,
      fixedIn: "2.6.32-431.el6",
      kernelHasFix: true,
      note: REGRESSION_NOTE,
      minimalFix: null,
    });
  });

  it("is affected on the last unfixed 6.4.z kernel", () => {
    const { best } = matchKnownBugs(seedReport("2.6.32-358.23.2.el6.x86_64"), bugs);
    expect(best).toMatchObject({ bugId: SEED_ID, fixStatus: "affected", kernelHasFix: false });
  });

  it("matches with lower confidence when the panic line is missing", () => {
    const report = { ...seedReport("2.6.32-279.14.1.el6.x86_64"), message: null, title: null };
    expect(matchKnownBugs(report, bugs).best).toMatchObject({
      bugId: SEED_ID,
      ruleId: "tcp-v4-err-from-icmp-unreach",
      confidence: 0.8,
    });
  });

  it("requires the call-trace functions in order", () => {
    const report = crashReport({
      kind: "BUG",
      ripFunction: "tcp_v4_err",
      frameNames: ["icmp_rcv", "icmp_unreach"],
      kernelRelease: "2.6.32-279.el6.x86_64",
    });
    expect(matchKnownBugs(report, bugs).best).toBeNull();
  });

  it("matches a different BUG_ON line of the same file only weakly", () => {
    const report = crashReport({
      kind: "BUG",
      message: "kernel BUG at net/ipv4/tcp_ipv4.c:1722!",
      ripFunction: "tcp_v4_rcv",
    });
    expect(matchKnownBugs(report, bugs).best).toMatchObject({
      bugId: SEED_ID,
      ruleId: "bug-at-tcp-ipv4",
      confidence: 0.4,
    });
  });

  it("says which stream has no information for a kernel outside the bug's streams", () => {
    const { best } = matchKnownBugs(seedReport("3.10.0-1160.el7.x86_64"), bugs);
    expect(best).toMatchObject({
      bugId: SEED_ID,
      stream: "el7",
      fixStatus: "unknown-stream",
      fixedIn: null,
      kernelHasFix: false,
    });
  });

  it("uses the upstream stream for mainline kernels", () => {
    expect(matchKnownBugs(seedReport("2.6.36-rc5"), bugs).best).toMatchObject({
      fixStatus: "affected",
      fixedIn: "2.6.37",
    });
    expect(matchKnownBugs(seedReport("2.6.37"), bugs).best).toMatchObject({ fixStatus: "fixed", kernelHasFix: true });
  });
});

describe("matchKnownBugs: other catalogue bugs", () => {
  it.each<
    [string, Partial<CrashReport> & { frameNames?: string[]; ripFunction?: string }, string, string, string | null]
  >([
    [
      "TCP SACK panic on 7.6",
      {
        kind: "BUG",
        message: "kernel BUG at net/ipv4/tcp_input.c:3124!",
        ripFunction: "tcp_shifted_skb",
        kernelRelease: "3.10.0-957.el7.x86_64",
      },
      "CVE-2019-11477",
      "bug-at-tcp-input-in-tcp-shifted-skb",
      "3.10.0-957.21.3.el7",
    ],
    [
      "divide error in thread_group_times on 6.3.z",
      {
        kind: "DIVIDE_ERROR",
        message: "divide error: 0000 [#1] SMP",
        ripFunction: "thread_group_times",
        kernelRelease: "2.6.32-279.9.1.el6.x86_64",
      },
      "RHBZ-843771",
      "divide-error-in-task-times",
      "2.6.32-279.11.1.el6",
    ],
    [
      "Illinois divide error by title only",
      { kind: "DIVIDE_ERROR", title: "divide error in tcp_illinois_info", kernelRelease: "2.6.32-220.el6.x86_64" },
      "CVE-2012-4565",
      "title-divide-error-in-tcp-illinois-info",
      "2.6.32-279.19.1.el6",
    ],
    [
      "SCTP NULL dereference (unconfirmed signature)",
      {
        kind: "NULL_DEREF",
        ripFunction: "sctp_auth_asoc_get_hmac",
        frameNames: ["sctp_sf_do_5_1D_ce", "sctp_do_sm"],
        kernelRelease: "2.6.32-431.el6.x86_64",
      },
      "CVE-2014-0101",
      "null-deref-in-sctp-cookie-echo",
      "2.6.32-431.11.2.el6",
    ],
  ])("%s", (_, fields, bugId, ruleId, minimalFix) => {
    const { best } = matchKnownBugs(crashReport(fields), bugs);
    expect(best).toMatchObject({ bugId, ruleId, minimalFix, kernelHasFix: false });
  });

  it("scales confidence by how well the bug is sourced", () => {
    const report = crashReport({ kind: "NULL_DEREF", frameNames: ["sctp_sf_do_5_1D_ce"] });
    expect(matchKnownBugs(report, bugs).best?.confidence).toBe(0.36);
  });

  it("matches nothing for an unrelated crash or an undetected report", () => {
    const unrelated = crashReport({ kind: "WARNING", title: "WARNING in dev_watchdog", ripFunction: "dev_watchdog" });
    expect(matchKnownBugs(unrelated, bugs)).toEqual({ best: null, candidates: [] });
    const undetected = { ...seedReport("2.6.32-279.el6.x86_64"), detected: false };
    expect(matchKnownBugs(undetected, bugs).best).toBeNull();
  });

  it("works on plain bug objects, e.g. a bug created at run time", () => {
    const [first] = bugs;
    if (!first) throw new Error("empty catalogue");
    const custom = {
      ...first,
      id: "local-1",
      match: [{ id: "r", description: "d", confidence: 0.7, functions: ["dev_watchdog"] }],
    };
    const report = crashReport({ kind: "WARNING", ripFunction: "dev_watchdog" });
    expect(matchKnownBugs(report, [custom]).best).toMatchObject({ bugId: "local-1", ruleId: "r" });
  });
});

describe("compiler clones of a function", () => {
  const [first] = bugs;
  if (!first) throw new Error("empty catalogue");
  const bug = {
    ...first,
    id: "local-foo",
    match: [
      { id: "by-function", description: "d", confidence: 0.9, functions: ["foo"] },
      { id: "by-trace", description: "d", confidence: 0.8, callTrace: ["foo", "bar"] },
    ],
  };

  it.each(["foo.clone.0", "foo.isra.1", "foo.constprop.0.cold"])(
    "match a rule naming foo when %s is the crashing function",
    (name) => {
      const report = crashReport({ kind: "BUG", ripFunction: name });
      expect(matchKnownBugs(report, [bug]).best).toMatchObject({
        ruleId: "by-function",
        evidence: { function: "foo" },
      });
    },
  );

  it.each(["foo.clone.0", "foo.isra.1", "foo.constprop.0.cold"])(
    "match a rule naming foo when %s is in the call trace",
    (name) => {
      const report = crashReport({ kind: "BUG", frameNames: ["baz", name, "bar.part.0"] });
      expect(matchKnownBugs(report, [bug]).best).toMatchObject({
        ruleId: "by-trace",
        evidence: { callTrace: ["foo", "bar"] },
      });
    },
  );
});

describe("the seed crash text through lib/crash", () => {
  it("parses the seed session (lib/crash/fixtures/rhel) and matches the seed bug", () => {
    const text = readFileSync(new URL("../crash/fixtures/rhel/rhel6-seed-session.txt", import.meta.url), "utf8");
    const report = parseCrashSummary(text);
    expect(report.kernelRelease).toBe("2.6.32-279.14.1.el6.x86_64");
    const { best } = matchKnownBugs(report, bugs);
    expect(best).toMatchObject({
      bugId: SEED_ID,
      fixedIn: "2.6.32-431.el6",
      fixStatus: "affected",
      kernelHasFix: false,
    });
    expect(best?.confidence).toBeGreaterThanOrEqual(0.9);
  });
});
