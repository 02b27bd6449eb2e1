import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { windowRawText } from "@/lib/crash/raw-window";
import { parseCrashSummary } from "@/lib/crash";
import { findKeyLines } from "@/lib/server/queries/panics";
import { RawText } from "@/components/raw-text";

const SEED = readFileSync(join("lib", "crash", "fixtures", "rhel", "rhel6-seed-session.txt"), "utf8");
const KB = 1024;

function render(text: string): string {
  const report = parseCrashSummary(text);
  const marks = findKeyLines(text, report);
  return renderToStaticMarkup(createElement(RawText, { text, marks, rangeHref: (a, b) => `/raw?from=${a}&to=${b}` }));
}

describe("the raw text panel renders a bounded window", () => {
  it("of a crash followed by 100,000 short lines: under 100 KB, key lines kept, the rest linked", () => {
    const text = `${"[    0.000000] boot line\n".repeat(50_000)}${SEED}\n${"[ 1234.5678] x\n".repeat(50_000)}`;
    expect(text.split("\n").length).toBeGreaterThan(100_000);
    const html = render(text);
    expect(html.length).toBeLessThan(100 * KB);
    expect(html).toContain("tcp_v4_err");
    expect(html).toMatch(/data-mark="rip"/);
    expect(html).toMatch(/lines \(41–\d+\) not shown/);
    expect(html).toContain("/raw?from=41&amp;to=");
    // The first and the last line are shown.
    expect(html).toContain('id="L1"');
    expect(html).toContain(`id="L${text.split("\n").length}"`);
  });

  it("of one 10 MiB line, or 100,000 lines that all look like key lines", () => {
    expect(render("x".repeat(10 * KB * KB)).length).toBeLessThan(10 * KB);
    const lines = Array.from({ length: 100_000 }, () => SEED.split("\n").find((l) => l.includes("RIP"))!).join("\n");
    expect(render(lines).length).toBeLessThan(200 * KB);
  });

  it("shows a short text whole, without gaps", () => {
    expect(SEED.split("\n").length).toBeLessThan(300);
    expect(windowRawText(SEED.split("\n"), new Map())).toHaveLength(1);
    expect(render(SEED)).not.toContain("not shown");
  });
});
