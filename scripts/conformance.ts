/**
 * `npm run conformance`: runs the syzkaller corpus (../shared/corpus/syzkaller, beside the repo)
 * through parseCrashSummary and prints titles matched, no-crash files right, and figures by TYPE.
 * `--write-list` rewrites lib/crash/conformance-passing.txt with the files that match now (raise it as titles improve);
 * `--failures` prints what each failing file gave.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runConformance } from "../lib/crash/conformance";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = join(repoRoot, "../shared/corpus/syzkaller");

function main(args: string[]): number {
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
  console.log(`files: ${s.results.length} in ${ms.toFixed(0)} ms`);
  console.log("by TYPE:");
  for (const [type, b] of Object.entries(s.byType).sort((a, b) => b[1].total - a[1].total)) {
    console.log(`  ${type.padEnd(36)} ${String(b.pass).padStart(3)}/${b.total}`);
  }
  if (args.includes("--failures")) {
    for (const r of s.results)
      if (!r.pass)
        console.log(`FAIL ${r.name}: expected ${JSON.stringify(r.expected)} got ${JSON.stringify(r.actual)}`);
  }
  if (args.includes("--write-list")) {
    const names = s.results.filter((r) => r.pass).map((r) => r.name);
    writeFileSync(join(repoRoot, "lib/crash/conformance-passing.txt"), `${names.join("\n")}\n`);
    console.log(`wrote lib/crash/conformance-passing.txt (${names.length} files)`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
