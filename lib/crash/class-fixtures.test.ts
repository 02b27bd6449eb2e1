import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CorpusCase, parseCorpusFile } from "./conformance";
import { type CrashReport, parseCrashSummary } from "./index";

/**
 * One text per class of input (fixtures/classes/*.txt), in the corpus's shape: header fields, an
 * empty line, the log; a file beginning with an empty line holds no crash. Beyond syzkaller's TITLE
 * and FRAME (the guilty frame), the header may say KIND, FRAMES (the first frames, in order), RELEASE,
 * MODULES (some of the modules), TAINT (the flags) and GROUP: files of one GROUP share a signature,
 * files of different GROUPs never do.
 */
const DIR = join(import.meta.dirname, "fixtures/classes");
const names = readdirSync(DIR)
  .filter((f) => f.endsWith(".txt"))
  .sort();
const cases = names.map((name) => {
  const c = parseCorpusFile(name, readFileSync(join(DIR, name), "utf8"));
  return { c, report: parseCrashSummary(c.log) };
});

function field(c: CorpusCase, key: string): string | null {
  return c.fields.get(key)?.[0] ?? null;
}

function list(c: CorpusCase, key: string): string[] | null {
  const value = field(c, key);
  return value === null ? null : value.split(/,\s*/).filter((v) => v !== "");
}

function check(c: CorpusCase, report: CrashReport): void {
  if (c.title === null) {
    expect(report.detected, `${c.name} holds no crash, got ${JSON.stringify(report.title)}`).toBe(false);
    return;
  }
  expect(report.title).toBe(c.title);
  const frame = field(c, "FRAME");
  if (frame !== null) expect(report.guiltyFrame).toBe(frame);
  const kind = field(c, "KIND");
  if (kind !== null) expect(report.kind).toBe(kind);
  const frames = list(c, "FRAMES");
  if (frames) expect(report.frames.slice(0, frames.length).map((f) => f.function)).toEqual(frames);
  const release = field(c, "RELEASE");
  if (release !== null) expect(report.kernelRelease).toBe(release);
  const modules = list(c, "MODULES");
  if (modules) expect(report.modules).toEqual(expect.arrayContaining(modules));
  const taint = field(c, "TAINT");
  if (taint !== null) expect(report.taint?.flags).toBe(taint);
}

describe("class fixtures (fixtures/classes)", () => {
  it.each(cases.map(({ c, report }) => [c.name, c, report] as const))("%s", (_name, c, report) => check(c, report));

  it("gives one signature per GROUP and different ones across GROUPs", () => {
    const bySignature = new Map<string, Set<string>>();
    const byGroup = new Map<string, Set<string>>();
    for (const { c, report } of cases) {
      const group = field(c, "GROUP");
      if (group === null || !report.signature) continue;
      bySignature.set(report.signature, (bySignature.get(report.signature) ?? new Set()).add(group));
      byGroup.set(group, (byGroup.get(group) ?? new Set()).add(report.signature));
    }
    for (const [signature, groups] of bySignature)
      expect([signature, [...groups]]).toEqual([signature, [...groups].slice(0, 1)]);
    for (const [group, signatures] of byGroup) expect([group, signatures.size]).toEqual([group, 1]);
  });
});
