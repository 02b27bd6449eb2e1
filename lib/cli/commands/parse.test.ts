import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./parse";

const SEED = readFileSync(join(import.meta.dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err };
}

describe("panicboard parse", () => {
  const dir = mkdtempSync(join(tmpdir(), "panicboard-parse-"));
  mkdirSync(join(dir, "nested"));
  writeFileSync(join(dir, "a-seed.txt"), SEED);
  writeFileSync(join(dir, "nested", "b-noise.log"), "[    1.000000] nothing to see\n");

  it("prints one JSON line per file, walking directories", async () => {
    const c = capture();
    expect(await run([dir], c.io)).toBe(0);
    const rows = c.out
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.file, r.detected, r.title])).toEqual([
      [join(dir, "a-seed.txt"), true, "kernel BUG in tcp_v4_err"],
      [join(dir, "nested", "b-noise.log"), false, null],
    ]);
    expect(rows[1]?.reason).toBe("no kernel crash report found");
  });

  it("prints a human summary with --pretty", async () => {
    const c = capture();
    await run(["--pretty", join(dir, "a-seed.txt")], c.io);
    const text = c.out.join("");
    expect(text).toContain("kernel BUG in tcp_v4_err");
    expect(text).toContain("2.6.32-279.14.1.el6.x86_64");
    expect(text).toMatch(/signature [0-9a-f]{16}/);
  });

  it("reports unreadable inputs and exits 1; no arguments exits 2", async () => {
    const c = capture();
    expect(await run([join(dir, "missing.txt")], c.io)).toBe(1);
    expect(c.err.join("")).toContain("missing.txt");
    expect(await run([], capture().io)).toBe(2);
  });
});
