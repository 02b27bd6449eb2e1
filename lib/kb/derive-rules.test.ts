import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CrashReport, parseCrashSummary } from "../crash";
import { deriveMatchRules, storedReports } from "./derive-rules";
import { matchKnownBugs } from "./match";
import { knownBugSchema } from "./schema";

const fixture = (name: string) =>
  parseCrashSummary(readFileSync(join("lib", "crash", "fixtures", "rhel", name), "utf8"));

describe("deriveMatchRules", () => {
  it("derives kind, guilty function and call trace from the seed, and the rules match every variant of the text", () => {
    const reports = ["rhel6-seed-log.txt", "rhel6-seed-session.txt", "rhel6-vmcore-dmesg.txt", "rhel6-syslog.txt"].map(
      fixture,
    );
    const rules = deriveMatchRules(reports, "kernel BUG in tcp_v4_err");
    expect(rules[0]).toMatchObject({ id: "derived-function-trace", kinds: ["BUG"], functions: ["tcp_v4_err"] });
    expect(rules[0]?.callTrace?.length).toBeGreaterThan(0);
    expect(rules[0]?.callTrace?.[0]).toBe("icmp_unreach");
    expect(rules[1]).toMatchObject({ id: "derived-title", titlePattern: "^kernel BUG in tcp_v4_err$" });

    const bug = knownBugSchema.parse({
      id: "USER-test",
      title: "t",
      description: "d",
      confidence: "unconfirmed",
      confidenceNotes: "n",
      references: [],
      match: rules,
      fixedIn: { el6: { fixedIn: "2.6.32-431.el6", confidence: "unconfirmed" } },
    });
    for (const report of reports) expect(matchKnownBugs(report, [bug]).best?.ruleId).toBe("derived-function-trace");
    // A different crash does not match.
    expect(matchKnownBugs(fixture("rhel9-null-deref.txt"), [bug]).best).toBeNull();
  });

  it("falls back to the title alone when the crash names no function", () => {
    const report = { ...fixture("rhel9-kill-init.txt"), guiltyFrame: null, rip: null };
    const rules = deriveMatchRules([report], "kernel panic: Attempted to kill init!");
    expect(rules.map((r) => r.id)).toEqual(["derived-title"]);
    expect(new RegExp(rules[0]!.titlePattern!).test("kernel panic: Attempted to kill init!")).toBe(true);
  });
});

describe("storedReports", () => {
  it("keeps the parsed reports and drops what a panic stored without one", () => {
    const report = { frames: [{ function: "tcp_v4_err" }] } as unknown as CrashReport;
    expect(storedReports([report, {}, null, { frames: "x" }, "text"])).toEqual([report]);
  });
});
