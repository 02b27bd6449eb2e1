import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCrashSummary, type CrashReport } from "./index";

const DIR = join(import.meta.dirname, "fixtures/rhel");
const REFERENCE_DATE = new Date("2026-01-01T00:00:00Z");

function parseFixture(name: string): CrashReport {
  return parseCrashSummary(readFileSync(join(DIR, name), "utf8"), { referenceDate: REFERENCE_DATE });
}

function expected(name: string): CrashReport {
  return JSON.parse(readFileSync(join(DIR, name.replace(/\.txt$/, ".expected.json")), "utf8")) as CrashReport;
}

const texts = readdirSync(DIR)
  .filter((f) => f.endsWith(".txt"))
  .sort();

describe("RHEL fixtures (fixtures/rhel/*.txt with *.expected.json beside)", () => {
  it("has at least 15 texts, each with its expected result", () => {
    expect(texts.length).toBeGreaterThanOrEqual(15);
    const jsons = new Set(readdirSync(DIR).filter((f) => f.endsWith(".expected.json")));
    for (const t of texts) expect(jsons.has(t.replace(/\.txt$/, ".expected.json"))).toBe(true);
  });

  it.each(texts)("%s gives exactly its expected report", (name) => {
    expect(parseFixture(name)).toEqual(expected(name));
  });
});

describe("the seed crash (RHEL 6.3, kernel BUG at net/ipv4/tcp_ipv4.c:417!)", () => {
  const session = parseFixture("rhel6-seed-session.txt");

  it("reads the crash sys header", () => {
    expect(session).toMatchObject({
      detected: true,
      kind: "BUG",
      title: "kernel BUG in tcp_v4_err",
      message: "kernel BUG at net/ipv4/tcp_ipv4.c:417!",
      panicked: true,
      hostname: "XXXXXX(masked)",
      kernelRelease: "2.6.32-279.14.1.el6.x86_64",
      kernelBuild: "#1 SMP Tue Nov 6 23:43:09 UTC 2012",
      arch: "x86_64",
      crashTime: "2013-09-27T16:19:55Z",
      uptimeSeconds: 3 * 86400 + 15 * 3600 + 3 * 60 + 51,
      cpus: 8,
      memory: "8 GB",
      task: { pid: 0, comm: "swapper", cpu: 3 },
      guiltyFrame: "tcp_v4_err",
    });
    expect(session.formats).toEqual(["crash-session"]);
  });

  it("reads the oops: RIP, DMI board, modules joined across the wrapped lines, RIP then IRQ frames", () => {
    expect(session.rip).toEqual({ function: "tcp_v4_err", offset: 0x5e1, size: 0x5f0, module: null });
    expect(session.hardware).toBe("Dell Inc. PowerEdge R410/01V648");
    expect(session.taint).toEqual({ tainted: false, flags: "", modules: [] });
    expect(session.modules).toHaveLength(67);
    expect(session.modules).toContain("nf_conntrack_netbios_ns");
    expect(session.modules).toContain("iptable_raw");
    expect(session.modules).toContain("dm_mirror");
    expect(session.modules.at(-1)).toBe("dm_mod");
    // The RIP function heads the frames, in the stack the trace starts on.
    expect(session.frames[0]).toEqual({
      function: "tcp_v4_err",
      offset: 0x5e1,
      size: 0x5f0,
      module: null,
      reliable: true,
      stack: "irq",
    });
    expect(session.frames[1]).toEqual({
      function: "ipv4_confirm",
      offset: 0x87,
      size: 0x1d0,
      module: "nf_conntrack_ipv4",
      reliable: false,
      stack: "irq",
    });
    expect(session.frames.filter((f) => f.stack === "irq")).toHaveLength(21);
    expect(session.frames.at(-1)).toMatchObject({ function: "start_secondary", stack: "task", reliable: true });
  });

  it("gets one signature from the session, its log alone, its bt alone and every transport", () => {
    const names = [
      "rhel6-seed-log.txt",
      "rhel6-seed-bt.txt",
      "rhel6-vmcore-dmesg.txt",
      "rhel6-vmcore-dmesg-printk-time.txt",
      "rhel6-syslog.txt",
    ];
    for (const name of names) {
      const r = parseFixture(name);
      expect(r.title, name).toBe("kernel BUG in tcp_v4_err");
      expect(r.signature, name).toBe(session.signature);
    }
  });

  it("keeps the signature on 2.6.32-358.23.2.el6 and on a build where the BUG_ON line moved", () => {
    for (const name of ["rhel6-seed-358-log.txt", "rhel6-seed-line-moved-log.txt"]) {
      const r = parseFixture(name);
      expect(r.kernelRelease).not.toBe(session.kernelRelease);
      expect(r.signature, name).toBe(session.signature);
    }
    expect(parseFixture("rhel6-seed-line-moved-log.txt").message).toBe("kernel BUG at net/ipv4/tcp_ipv4.c:431!");
  });

  it("takes the bt exception RIP and stacks when only bt is given", () => {
    const bt = parseFixture("rhel6-seed-bt.txt");
    expect(bt.rip).toEqual({ function: "tcp_v4_err", offset: 1505, size: null, module: null });
    expect(bt.frames.find((f) => f.stack === "exception")?.function).toBe("tcp_v4_err");
    expect(bt.frames.at(-1)).toMatchObject({ function: "cpu_idle", stack: "task" });
    expect(bt.frames[0]).toMatchObject({ function: "machine_kexec", stack: "irq" });
  });
});

describe("every format of the seed log", () => {
  it("detects vmcore-dmesg (RHEL 6 `<N>` levels), syslog and the crash session", () => {
    expect(parseFixture("rhel6-vmcore-dmesg.txt").formats).toEqual(["vmcore-dmesg"]);
    expect(parseFixture("rhel6-vmcore-dmesg-printk-time.txt").uptimeSeconds).toBeCloseTo(313418.000452, 6);
    const syslog = parseFixture("rhel6-syslog.txt");
    expect(syslog.formats).toEqual(["syslog"]);
    expect(syslog.hostname).toBe("lvs01");
    // Classic syslog has no year: the reference date's year, or the one before when that is in the future.
    expect(syslog.crashTime).toBe("2025-09-27T16:19:55Z");
  });

  it("converts journal times with a zone to UTC", () => {
    const r = parseFixture("rhel7-soft-lockup-journal.txt");
    expect(r.formats).toEqual(["journal"]);
    expect(r.crashTime).toBe("2018-03-13T02:41:27Z");
    expect(r.hostname).toBe("node12");
  });
});

describe("signatures across the fixtures", () => {
  it("puts one bug in one group and different bugs in different groups", () => {
    const bySignature = new Map<string, Set<string>>();
    for (const name of texts) {
      const r = parseFixture(name);
      if (!r.detected || !r.signature || !r.title) continue;
      const titles = bySignature.get(r.signature) ?? new Set<string>();
      titles.add(r.title);
      bySignature.set(r.signature, titles);
    }
    for (const titles of bySignature.values()) expect(titles.size).toBe(1);
    const seed = parseFixture("rhel6-seed-session.txt").signature ?? "";
    const others = [...bySignature.keys()].filter((s) => s !== seed);
    expect(others.length).toBeGreaterThanOrEqual(12);
  });
});
