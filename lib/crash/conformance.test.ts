import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runConformance } from "./conformance";

// The corpus lives beside the repo (../shared/corpus), not in it: CI has it, a fresh clone may not.
const REPO_ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = join(REPO_ROOT, "../shared/corpus/syzkaller");
const PASSING = join(import.meta.dirname, "conformance-passing.txt");
const hasCorpus = existsSync(CORPUS);

if (!hasCorpus) console.log("conformance: skipped: ../shared/corpus not found");

describe.skipIf(!hasCorpus)("syzkaller corpus conformance (../shared/corpus/syzkaller)", () => {
  const summary = hasCorpus ? runConformance(CORPUS) : null;

  it("still matches every file listed in conformance-passing.txt", () => {
    if (!summary) return;
    const listed = readFileSync(PASSING, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const byName = new Map(summary.results.map((r) => [r.name, r]));
    const regressions = listed
      .map((name) => byName.get(name))
      .filter((r) => r !== undefined && !r.pass)
      .map((r) => `${r?.name}: expected ${JSON.stringify(r?.expected)}, got ${JSON.stringify(r?.actual)}`);
    console.log(
      `conformance: titles exact ${summary.titledPass}/${summary.titled}, no-crash right ${summary.noCrashPass}/${summary.noCrash}`,
    );
    expect(regressions).toEqual([]);
    expect(listed.length).toBeGreaterThan(0);
  });

  it("reaches the targets: 95% exact titles, every no-crash file right", () => {
    if (!summary) return;
    expect(summary.titledPass / summary.titled).toBeGreaterThanOrEqual(0.95);
    expect(summary.noCrashPass).toBe(summary.noCrash);
  });

  it("groups by signature: never two titles in one group, one title in one group >= 80% of pairs", () => {
    if (!summary) return;
    expect(summary.grouping.merged).toEqual([]);
    expect(summary.grouping.precision).toBe(1);
    expect(summary.grouping.recall).toBeGreaterThanOrEqual(0.8);
  });
});
