/**
 * `npm run conformance`: runs the syzkaller corpus (../shared/corpus/syzkaller, beside the repo)
 * through parseCrashSummary and prints titles matched, no-crash files right, figures by TYPE and the
 * grouping figures (pairwise precision and recall of signatures against the corpus titles).
 *   --failures     prints what each failing corpus file gave, and the pairs that group wrongly;
 *   --update       rewrites the expectations from the parser's output, for a reviewer to read in the diff:
 *                  lib/crash/fixtures/rhel/*.expected.json and lib/crash/conformance-passing.txt
 *                  (the corpus files that match now; raise it as titles improve);
 *   --write-list   rewrites conformance-passing.txt only.
 * The syzkaller files in lib/crash/fixtures/syzkaller are upstream's expectations and never rewritten.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runConformance } from "../lib/crash/conformance";
import { parseCrashSummary } from "../lib/crash/index";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = join(repoRoot, "../shared/corpus/syzkaller");
const RHEL_FIXTURES = join(repoRoot, "lib/crash/fixtures/rhel");
const PASSING_LIST = "lib/crash/conformance-passing.txt";
/** The date lib/crash/fixtures.test.ts parses the fixtures with (only the year of classic syslog lines). */
const REFERENCE_DATE = new Date("2026-01-01T00:00:00Z");

/** Writes each rhel fixture's parse as its name.expected.json; returns how many files changed. */
function updateRhelExpectations(): number {
  let changed = 0;
  for (const name of readdirSync(RHEL_FIXTURES).filter((f) => f.endsWith(".txt"))) {
    const report = parseCrashSummary(readFileSync(join(RHEL_FIXTURES, name), "utf8"), {
      referenceDate: REFERENCE_DATE,
    });
    const file = join(RHEL_FIXTURES, name.replace(/\.txt$/, ".expected.json"));
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (existsSync(file) && readFileSync(file, "utf8") === json) continue;
    writeFileSync(file, json);
    changed++;
  }
  return changed;
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        failures: { type: "boolean", default: false },
        update: { type: "boolean", default: false },
        "write-list": { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(
      `conformance: ${(error as Error).message}\nusage: npm run conformance [-- --failures|--update|--write-list]`,
    );
    return 2;
  }
  if (values.update) {
    const changed = updateRhelExpectations();
    console.log(`lib/crash/fixtures/rhel: ${changed} expected.json file(s) rewritten`);
  }
  if (!existsSync(corpus)) {
    console.log(`skipped: ${corpus} not found (the corpus lives beside the repo, in ../shared/corpus)`);
    return 0;
  }
  const started = performance.now();
  const s = runConformance(corpus);
  const ms = performance.now() - started;
  const pct = (a: number, b: number) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`);
  console.log(`titles exact:      ${s.titledPass}/${s.titled} (${pct(s.titledPass, s.titled)})`);
  console.log(`titles exact|ALT:  ${s.altPass}/${s.titled} (${pct(s.altPass, s.titled)})`);
  console.log(`no-crash right:    ${s.noCrashPass}/${s.noCrash} (${pct(s.noCrashPass, s.noCrash)})`);
  const g = s.grouping;
  console.log(
    `grouping precision: ${g.precision.toFixed(3)} (${g.sameSignatureSameTitle}/${g.sameSignaturePairs} pairs sharing a signature have one title)`,
  );
  console.log(
    `grouping recall:    ${g.recall.toFixed(3)} (${g.sameTitleSameSignature}/${g.sameTitlePairs} pairs with one title share a signature; ${g.reports} uncorrupted reports)`,
  );
  const titledResults = s.results.filter((r) => r.expected !== null && r.actual !== null);
  const withFrames = titledResults.filter((r) => r.frames > 0).length;
  console.log(`reports with frames: ${withFrames}/${titledResults.length}`);
  console.log(`files: ${s.results.length} in ${ms.toFixed(0)} ms`);
  console.log("by TYPE:");
  for (const [type, b] of Object.entries(s.byType).sort((a, b) => b[1].total - a[1].total)) {
    console.log(`  ${type.padEnd(36)} ${String(b.pass).padStart(3)}/${b.total}`);
  }
  if (values.failures) {
    for (const r of s.results)
      if (!r.pass)
        console.log(`FAIL ${r.name}: expected ${JSON.stringify(r.expected)} got ${JSON.stringify(r.actual)}`);
    for (const [a, b] of g.merged) console.log(`MERGED ${a} ${b}: different titles, one signature`);
    for (const [a, b] of g.split) console.log(`SPLIT ${a} ${b}: one title, different signatures`);
  }
  if (values.update || values["write-list"]) {
    const names = s.results.filter((r) => r.pass).map((r) => r.name);
    writeFileSync(join(repoRoot, PASSING_LIST), `${names.join("\n")}\n`);
    console.log(`wrote ${PASSING_LIST} (${names.length} files)`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
