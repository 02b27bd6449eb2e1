import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "../../server/db";
import { syncCatalogue } from "../../server/services/catalogue";
import { ingestPanic } from "../../server/services/ingest";
import { run } from "./rematch";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("panicboard rematch on a real PostgreSQL", () => {
  it("re-matches once: a pass forced on an unchanged catalogue, or start-up's pass when the catalogue changed", async () => {
    await syncCatalogue();
    const text = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-seed-log.txt"), "utf8");
    await ingestPanic({ text, hostname: `rematch-${Date.now().toString(36)}`, source: "api" });
    const forced = capture();
    expect(await run([], forced.io)).toBe(0);
    const panics = await getDb().panic.count();
    expect(forced.out.join("")).toMatch(
      new RegExp(`^re-matched ${panics} panics \\(\\d+ changed\\); needs-update recomputed for \\d+ hosts\\n$`),
    );

    // A catalogue that changed since the last match: start-up re-matches, and the command does not again.
    await getDb().appState.deleteMany({ where: { key: "catalogue_hash" } });
    const changed = capture();
    expect(await run([], changed.io)).toBe(0);
    const passes = changed.err.filter((line) => line.startsWith(`re-matching panics: ${panics} scanned`));
    expect(passes).toHaveLength(1);
    expect(changed.err.join("")).toContain("re-matched");
  });

  it("explains itself and refuses arguments", async () => {
    const help = capture();
    expect(await run(["--help"], help.io)).toBe(0);
    expect(help.out.join("")).toContain("usage: panicboard rematch");
    const wrong = capture();
    expect(await run(["--all"], wrong.io)).toBe(2);
  });
});
