import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { ERROR_STATUS } from "../errors";
import { syncCatalogue } from "./catalogue";
import { ingestPanic } from "./ingest";
import { reportHostKernel } from "./inventory";

const SEED = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

describe("ingestion on a real PostgreSQL", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("stores the seed crash, matches the tcp_v4_err bug and marks the host for 2.6.32-431.el6", async () => {
    const hostname = unique("lb");
    const outcome = await ingestPanic({ text: SEED, hostname, source: "api" });
    expect(outcome.status).toBe("created");
    if (outcome.status !== "created") return;
    expect(outcome.panic).toMatchObject({
      host: hostname,
      kernelRelease: "2.6.32-279.14.1.el6.x86_64",
      title: "kernel BUG in tcp_v4_err",
      bug: { id: "rhel6-tcp_v4_err-BUG_ON-skb", fixedIn: "2.6.32-431.el6" },
      regression: false,
      needsUpdate: true,
    });
    const host = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(host).toMatchObject({
      currentKernel: "2.6.32-279.14.1.el6.x86_64",
      rhelRelease: "6.3",
      panicCount: 1,
      needsUpdate: true,
      targetKernel: "2.6.32-431.el6",
      hardeningKernel: "2.6.32-754.15.3.el6",
    });
    expect(host.openBugIds).toContain("rhel6-tcp_v4_err-BUG_ON-skb");
    const panic = await getDb().panic.findUniqueOrThrow({ where: { id: BigInt(outcome.panic.id) } });
    expect(panic.rawText).toBe(SEED);
    expect(panic.rhelRelease).toBe("6.3");
    expect(panic.crashTime.toISOString()).toBe("2013-09-27T16:19:55.000Z");
  });

  it("answers a re-upload of the same text (even with CRLF line ends) as a duplicate", async () => {
    const hostname = unique("dup");
    const first = await ingestPanic({ text: SEED, hostname, source: "api" });
    const second = await ingestPanic({ text: SEED.replace(/\n/g, "\r\n"), hostname, source: "api" });
    expect(first.status).toBe("created");
    expect(second.status).toBe("duplicate");
    if (first.status === "created" && second.status === "duplicate") expect(second.id).toBe(first.panic.id);
  });

  it("stores exactly one row when 20 identical uploads race", async () => {
    const hostname = unique("race");
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => ingestPanic({ text: SEED, hostname, source: "api" })),
    );
    expect(outcomes.filter((o) => o.status === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(19);
    const count = await getDb().panic.count({ where: { host: { hostname } } });
    expect(count).toBe(1);
    const host = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(host.panicCount).toBe(1);
  });

  it("keeps a host's counters and verdict exact when different crashes of it arrive at once", async () => {
    const hostname = unique("burst");
    const kernelRelease = "2.6.32-279.14.1.el6.x86_64";
    const other = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel7-virtio-null-deref.txt"), "utf8");
    // One matches the seed bug, the others match nothing: those that commit after it must still count its bug.
    const texts = Array.from({ length: 20 }, (_, i) => `burst ${i}\n${i === 0 ? SEED : other}`);
    const outcomes = await Promise.all(
      texts.map((text) => ingestPanic({ text, hostname, kernelRelease, source: "api" })),
    );
    expect(outcomes.every((o) => o.status === "created")).toBe(true);

    const host = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(host).toMatchObject({ panicCount: 20, currentKernel: kernelRelease, needsUpdate: true });
    expect(host.openBugIds).toContain("rhel6-tcp_v4_err-BUG_ON-skb");
    const fingerprints = new Set(outcomes.map((o) => (o.status === "created" ? o.panic.signature! : "")));
    expect(fingerprints.size).toBe(2);
    for (const fingerprint of fingerprints) {
      const signature = await getDb().signature.findUniqueOrThrow({ where: { fingerprint } });
      const rows = await getDb().panic.findMany({ where: { signatureId: signature.id }, select: { hostId: true } });
      expect(signature.panicCount).toBe(rows.length);
      expect(signature.hostCount).toBe(new Set(rows.map((r) => r.hostId)).size);
    }
  });

  it("groups the same bug from two hosts and builds under one signature", async () => {
    const a = unique("sig-a");
    const b = unique("sig-b");
    const moved = SEED.replaceAll("2.6.32-279.14.1.el6", "2.6.32-358.23.2.el6").replace(
      "Fri Sep 27 16:19:55 2013",
      "Sat Sep 28 10:00:00 2013",
    );
    const first = await ingestPanic({ text: SEED, hostname: a, source: "api" });
    const second = await ingestPanic({ text: moved, hostname: b, source: "api" });
    if (first.status !== "created" || second.status !== "created") throw new Error("expected two new panics");
    expect(second.panic.signature).toBe(first.panic.signature);
    const signature = await getDb().signature.findUniqueOrThrow({ where: { fingerprint: first.panic.signature! } });
    expect(signature.panicCount).toBeGreaterThanOrEqual(2);
    expect(signature.knownBugId).toBe("rhel6-tcp_v4_err-BUG_ON-skb");
  });

  it("flags a panic on a kernel that has the fix as a regression", async () => {
    const hostname = unique("fixed");
    const text = SEED.replaceAll("2.6.32-279.14.1.el6", "2.6.32-431.el6");
    const outcome = await ingestPanic({ text, hostname, source: "api" });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    expect(outcome.panic.bug?.id).toBe("rhel6-tcp_v4_err-BUG_ON-skb");
    expect(outcome.panic.regression).toBe(true);
  });

  it("rejects a text without a crash (422 with the parser's reason) and one without a hostname", async () => {
    await expect(
      ingestPanic({ text: "just some boot noise\nnothing else\n", hostname: "x", source: "api" }),
    ).rejects.toMatchObject({ code: "no_crash_detected", details: { reason: expect.any(String) } });
    const dmesg = SEED.split("crash> log")[1]!.split("crash> bt")[0]!;
    await expect(ingestPanic({ text: dmesg, source: "api" })).rejects.toMatchObject({ code: "hostname_required" });
    // A service names the error; the one status table makes both a 422 at the edge.
    expect([ERROR_STATUS.no_crash_detected, ERROR_STATUS.hostname_required]).toEqual([422, 422]);
  });

  it("takes a host off the update list when it reports the fixed kernel", async () => {
    const hostname = unique("patched");
    await ingestPanic({ text: SEED, hostname, source: "api" });
    const before = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(before.needsUpdate).toBe(true);
    const report = await reportHostKernel(hostname, { kernelRelease: "2.6.32-431.el6.x86_64" });
    expect(report.currentKernel).toBe("2.6.32-431.el6.x86_64");
    expect(report.rhelRelease).toBe("6.5");
    expect(report.needsUpdate).toBe(false);
    const after = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(after.openBugIds).not.toContain("rhel6-tcp_v4_err-BUG_ON-skb");
    expect(after).toMatchObject({ needsUpdate: false, targetKernel: null });
  });
});
