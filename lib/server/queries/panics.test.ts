import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCrashSummary } from "../../crash";
import { findKeyLines } from "./panics";

describe("findKeyLines", () => {
  it("marks the panic line, the RIP line and the call-trace frames of the seed session", () => {
    const text = readFileSync(join("lib", "crash", "fixtures", "rhel", "rhel6-seed-session.txt"), "utf8");
    const marks = findKeyLines(text, parseCrashSummary(text));
    const lines = text.split("\n");
    const of = (kind: string) => [...marks].filter(([, m]) => m === kind).map(([n]) => lines[n - 1]!);
    expect(of("panic").some((l) => l.includes("kernel BUG at net/ipv4/tcp_ipv4.c:417!"))).toBe(true);
    expect(of("rip").some((l) => l.includes("RIP:") && l.includes("tcp_v4_err"))).toBe(true);
    expect(of("trace").some((l) => l.includes("icmp_unreach"))).toBe(true);
    expect(of("trace").length).toBeGreaterThan(10);
  });

  it("marks nothing in a text the parser found no crash in", () => {
    expect(findKeyLines("hello\nworld\n", parseCrashSummary("hello\nworld\n")).size).toBe(0);
  });
});
