import { describe, expect, it } from "vitest";
import { findFixes } from "./find-fixes";
import { createBundledIndexBuilder, createBundledIndexBuilderInSteps } from "./load-bundled";

describe("createBundledIndexBuilderInSteps", () => {
  it("builds the same index as createBundledIndexBuilder, giving the event loop back while it scans", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const stepped = (await createBundledIndexBuilderInSteps(["el6"])).finish();
    clearInterval(timer);
    const direct = createBundledIndexBuilder(["el6"]).finish();
    expect(stepped.buildLabel).toEqual(direct.buildLabel);
    expect(stepped.entryBuild).toEqual(direct.entryBuild);
    // The seed crash finds the same fix either way.
    const seed = { kernel: "2.6.32-279.14.1.el6.x86_64", functions: ["tcp_v4_err", "icmp_unreach", "icmp_rcv"] };
    expect(findFixes(stepped, seed).candidates[0]?.build).toBe("2.6.32-364.el6");
    expect(findFixes(stepped, seed)).toEqual(findFixes(direct, seed));
    // A 1 ms timer fired many times during the load: requests would have been served meanwhile.
    expect(ticks).toBeGreaterThan(10);
  });
});
