import { describe, expect, it } from "vitest";
import { loadCatalogue } from "./catalogue";
import { fixStatusOf } from "./fix-status";
import { computeHostUpdate } from "./needs-update";
import { knownBugSchema, type KnownBug, type KnownBugInput } from "./schema";

function makeBug(id: string, fixedIn: KnownBugInput["fixedIn"]): KnownBug {
  return knownBugSchema.parse({
    id,
    title: `bug ${id}`,
    description: "test bug",
    confidence: "confirmed",
    confidenceNotes: "test",
    references: [],
    match: [{ id: "r", description: "d", confidence: 1, functions: [`fn_${id.replace(/\W/g, "_")}`] }],
    fixedIn,
  });
}

/** 6.3.z backport plus 6.4 GA, like RHBZ-843771. */
const Z = makeBug("Z", {
  el6: { fixedIn: "2.6.32-358.el6", backports: ["2.6.32-279.11.1.el6"], confidence: "confirmed" },
});
/** Another 6.3.z backport, later than Z's. */
const I = makeBug("I", {
  el6: { fixedIn: "2.6.32-358.el6", backports: ["2.6.32-279.19.1.el6"], confidence: "confirmed" },
});
/** Fixed in 6.5 GA only, like the seed bug. */
const S = makeBug("S", {
  el6: { fixedIn: "2.6.32-431.el6", firstAffected: "2.6.32-220.el6", confidence: "confirmed" },
});
/** No fix in el7. */
const N = makeBug("N", { el7: { fixedIn: null, confidence: "confirmed" } });
/** el8 fix in 8.10 with an 8.8 z-stream backport. */
const E = makeBug("E", {
  el8: { fixedIn: "4.18.0-553.el8_10", backports: ["4.18.0-477.27.1.el8_8"], confidence: "confirmed" },
});
const E2 = makeBug("E2", { el8: { fixedIn: "4.18.0-553.el8_10", confidence: "confirmed" } });

describe("fixStatusOf", () => {
  it.each<[KnownBug, string, string, string | null]>([
    [Z, "2.6.32-279.5.1.el6.x86_64", "affected", "2.6.32-279.11.1.el6"],
    [Z, "2.6.32-279.11.1.el6.x86_64", "fixed", null],
    [Z, "2.6.32-279.14.1.el6.x86_64", "fixed", null],
    [Z, "2.6.32-220.23.1.el6.x86_64", "affected", "2.6.32-279.11.1.el6"],
    [Z, "2.6.32-300.el6.x86_64", "affected", "2.6.32-358.el6"],
    [Z, "2.6.32-358.el6.x86_64", "fixed", null],
    [S, "2.6.32-131.0.15.el6.x86_64", "not-affected", null],
    [S, "2.6.32-220.el6.x86_64", "affected", "2.6.32-431.el6"],
    [S, "2.6.32-358.23.2.el6.x86_64", "affected", "2.6.32-431.el6"],
    [S, "3.10.0-123.el7.x86_64", "unknown-stream", null],
    [N, "3.10.0-1160.el7.x86_64", "no-fix-in-stream", null],
    [E, "4.18.0-477.10.1.el8_8.x86_64", "affected", "4.18.0-477.27.1.el8_8"],
    [E, "4.18.0-477.27.1.el8_8.x86_64", "fixed", null],
    [E, "4.18.0-513.5.1.el8_9.x86_64", "affected", "4.18.0-553.el8_10"],
    [E, "4.18.0-553.16.1.el8_10.x86_64", "fixed", null],
    [E, "5.15.0-91-generic", "unknown-stream", null],
  ])("%# %s", (bug, kernel, status, minimalFix) => {
    expect(fixStatusOf(bug, kernel)).toMatchObject({ status, minimalFix });
  });
});

describe("computeHostUpdate", () => {
  it("recommends the z-stream backport when it fixes everything", () => {
    const update = computeHostUpdate({ currentKernel: "2.6.32-279.5.1.el6.x86_64", panickedBugIds: ["Z"] }, [Z, I]);
    expect(update).toMatchObject({
      stream: "el6",
      rhelRelease: "6.3",
      panicTarget: "2.6.32-279.11.1.el6",
      recommendedTarget: "2.6.32-279.19.1.el6",
      targetFixesAll: true,
      needsUpdate: true,
      blockers: [],
      reason: null,
    });
    expect(update.panicked.map((b) => [b.bugId, b.minimalFix])).toEqual([["Z", "2.6.32-279.11.1.el6"]]);
    expect(update.exposure.map((b) => [b.bugId, b.minimalFix])).toEqual([["I", "2.6.32-279.19.1.el6"]]);
  });

  it("takes the smallest kernel that fixes several bugs with different fixes", () => {
    const update = computeHostUpdate({ currentKernel: "2.6.32-279.5.1.el6.x86_64", panickedBugIds: ["S", "Z"] }, [
      Z,
      I,
      S,
    ]);
    expect(update.panicked.map((b) => [b.bugId, b.status, b.minimalFix])).toEqual([
      ["Z", "affected", "2.6.32-279.11.1.el6"],
      ["S", "affected", "2.6.32-431.el6"],
    ]);
    expect(update.exposure.map((b) => [b.bugId, b.minimalFix])).toEqual([["I", "2.6.32-279.19.1.el6"]]);
    expect(update.recommendedTarget).toBe("2.6.32-431.el6");
    expect(update.panicTarget).toBe("2.6.32-431.el6");
  });

  it("does not count exposure alone as needing an update, but still names the kernel to harden to", () => {
    const update = computeHostUpdate({ currentKernel: "2.6.32-279.5.1.el6.x86_64", panickedBugIds: [] }, [Z, I, S]);
    expect(update.exposure.map((b) => b.bugId)).toEqual(["Z", "I", "S"]);
    expect(update).toMatchObject({
      panicked: [],
      panicTarget: null,
      needsUpdate: false,
      recommendedTarget: "2.6.32-431.el6",
    });
  });

  it("needs nothing on a host whose kernel already has the fixes", () => {
    const update = computeHostUpdate({ currentKernel: "2.6.32-431.el6.x86_64", panickedBugIds: ["S", "Z"] }, [Z, I, S]);
    expect(update).toMatchObject({
      panicked: [],
      exposure: [],
      blockers: [],
      recommendedTarget: null,
      needsUpdate: false,
      targetFixesAll: false,
    });
    expect(update.resolved.map((b) => [b.bugId, b.status])).toEqual([
      ["Z", "fixed"],
      ["S", "fixed"],
    ]);
  });

  it("says so instead of recommending a kernel when the stream has no fix", () => {
    const update = computeHostUpdate({ currentKernel: "3.10.0-1160.119.1.el7.x86_64", panickedBugIds: ["N"] }, [N, S]);
    expect(update).toMatchObject({
      rhelRelease: "7.9",
      recommendedTarget: null,
      needsUpdate: false,
      targetFixesAll: false,
      exposure: [],
    });
    expect(update.panicked).toEqual([
      {
        bugId: "N",
        title: "bug N",
        bugConfidence: "confirmed",
        status: "no-fix-in-stream",
        fixedIn: null,
        minimalFix: null,
        note: "no fix known in stream el7",
      },
    ]);
    expect(update.blockers.map((b) => b.bugId)).toEqual(["N"]);
  });

  it("never borrows another stream's fix for a panicked bug", () => {
    const update = computeHostUpdate({ currentKernel: "4.18.0-553.el8_10.x86_64", panickedBugIds: ["S"] }, [S]);
    expect(update.panicked).toMatchObject([
      {
        bugId: "S",
        status: "unknown-stream",
        minimalFix: null,
        note: "the catalogue has no fix information for stream el8",
      },
    ]);
    expect(update).toMatchObject({ recommendedTarget: null, blockers: [{ bugId: "S" }] });
  });

  it("recommends for the fixable bugs and lists the blockers", () => {
    const withEl7Fix = makeBug("F7", { el7: { fixedIn: "3.10.0-1160.90.1.el7", confidence: "confirmed" } });
    const update = computeHostUpdate({ currentKernel: "3.10.0-1160.el7.x86_64", panickedBugIds: ["N"] }, [
      N,
      withEl7Fix,
    ]);
    expect(update).toMatchObject({
      panicTarget: null,
      recommendedTarget: "3.10.0-1160.90.1.el7",
      targetFixesAll: false,
      needsUpdate: false,
      blockers: [{ bugId: "N" }],
    });
    expect(update.exposure.map((b) => b.bugId)).toEqual(["F7"]);
  });

  it("compares el8 z-streams across dist tags", () => {
    expect(
      computeHostUpdate({ currentKernel: "4.18.0-477.10.1.el8_8.x86_64", panickedBugIds: ["E"] }, [E])
        .recommendedTarget,
    ).toBe("4.18.0-477.27.1.el8_8");
    expect(
      computeHostUpdate({ currentKernel: "4.18.0-477.10.1.el8_8.x86_64", panickedBugIds: ["E"] }, [E, E2])
        .recommendedTarget,
    ).toBe("4.18.0-553.el8_10");
  });

  it("skips kernels older than the first affected one", () => {
    expect(computeHostUpdate({ currentKernel: "2.6.32-131.0.15.el6.x86_64", panickedBugIds: [] }, [S])).toMatchObject({
      exposure: [],
      needsUpdate: false,
    });
  });

  it.each([
    ["5.15.0-91-generic", "ubuntu kernels are not covered by the catalogue's streams"],
    ["5.4.17-2136.el8uek.x86_64", "uek kernels are not covered by the catalogue's streams"],
    ["not a kernel", "not a single kernel release string"],
  ])("gives a reason for %s", (kernel, reason) => {
    expect(computeHostUpdate({ currentKernel: kernel, panickedBugIds: ["S"] }, [S])).toMatchObject({
      reason,
      recommendedTarget: null,
      needsUpdate: false,
    });
  });

  it("works for the seed host against the starter catalogue", () => {
    const update = computeHostUpdate(
      { currentKernel: "2.6.32-279.14.1.el6.x86_64", panickedBugIds: ["rhel6-tcp_v4_err-BUG_ON-skb"] },
      loadCatalogue(),
    );
    expect(update.panicked.map((b) => [b.bugId, b.minimalFix])).toEqual([
      ["rhel6-tcp_v4_err-BUG_ON-skb", "2.6.32-431.el6"],
    ]);
    expect(update.exposure.map((b) => [b.bugId, b.minimalFix])).toEqual([
      ["CVE-2012-4565", "2.6.32-279.19.1.el6"],
      ["CVE-2014-0101", "2.6.32-431.11.2.el6"],
      ["CVE-2019-11477", "2.6.32-754.15.3.el6"],
    ]);
    expect(update).toMatchObject({
      panicTarget: "2.6.32-431.el6",
      needsUpdate: true,
      recommendedTarget: "2.6.32-754.15.3.el6",
      targetFixesAll: true,
      rhelRelease: "6.3",
    });
  });
});
