import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCorpusFile } from "./conformance";
import { parseCrashSummary } from "./index";

// A few syzkaller corpus files copied into the repo (Apache-2.0, see fixtures/README.md), so the
// title rules are tested on a fresh clone too.
const DIR = join(import.meta.dirname, "fixtures/syzkaller");
const files = readdirSync(DIR).filter((f) => !f.includes("."));

describe("syzkaller fixtures", () => {
  it.each(files)("corpus file %s gives its TITLE (or no crash)", (name) => {
    const c = parseCorpusFile(name, readFileSync(join(DIR, name), "utf8"));
    const report = parseCrashSummary(c.log);
    if (c.title === null) {
      expect(report.detected).toBe(false);
      expect(report.reason).toBeTruthy();
    } else {
      expect(report.detected).toBe(true);
      expect(report.title).toBe(c.title);
    }
  });

  it("covers crash and no-crash files", () => {
    const titled = files.filter((f) => parseCorpusFile(f, readFileSync(join(DIR, f), "utf8")).title !== null);
    expect(titled.length).toBeGreaterThanOrEqual(15);
    expect(files.length - titled.length).toBeGreaterThanOrEqual(2);
  });
});
