/**
 * `npm run bench:fuzz [-- --count N --seed S --huge H]`: parseCrashSummary on N generated inputs
 * (lib/crash/fuzz-inputs.ts: random bytes and text, real reports from lib/crash/fixtures truncated,
 * spliced, mutated, with CRLF/CR ends or invalid UTF-8, fragments of report lines, deep nests of report
 * headers, and H huge inputs first: 10 MB lines, megabytes of noise around a report).
 *   - fails (exit 1) when the parser throws or answers `internal parser error` (its catch-all);
 *   - prints, per kind of input, the count, bytes and time; the slowest input's time per byte and its
 *     kind beside the median's (inputs of 4 KB or more; the 20 slowest are timed again, best of 5, so a
 *     GC pause is not taken for a slow input), and fails when it is more than 25 times the median's
 *     (the parser must stay linear).
 * Defaults: 1,000,000 inputs, seed 1, 6 huge ones. Run it alone on the machine
 * (`flock /tmp/panicboard-heavy.lock npm run bench:fuzz`): times from a busy machine are upper bounds.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fuzzInputs, type FuzzInput, type FuzzKind } from "../lib/crash/fuzz-inputs";
import { parseCrashSummary } from "../lib/crash/index";

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, "../lib/crash/fixtures");
/** Inputs at least this long enter the time-per-byte figures (below it a parse's fixed cost dominates). */
const SIZED = 4096;
const RETIME = 20;
const MAX_RATIO = 25;

function corpus(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...corpus(path));
    else if (!name.endsWith(".json") && !name.endsWith(".md")) out.push(readFileSync(path, "utf8"));
  }
  return out;
}

interface KindStats {
  count: number;
  bytes: number;
  ms: number;
  detected: number;
}

interface Timed {
  input: FuzzInput;
  ms: number;
  nsPerByte: number;
}

/** Parses once: whether a crash was found, and the failure when the parser threw or fell into its catch-all. */
function check(text: string): { detected: boolean; failure: string | null } {
  try {
    const report = parseCrashSummary(text);
    let failure: string | null = null;
    if (report.reason?.startsWith("internal parser error")) failure = report.reason;
    else if (report.detected && !/^[0-9a-f]{16}$/.test(report.signature ?? ""))
      failure = "detected without a signature";
    return { detected: report.detected, failure };
  } catch (error) {
    return { detected: false, failure: `threw: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function bestOf(text: string, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    parseCrashSummary(text);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: "string", default: "1000000" },
      seed: { type: "string", default: "1" },
      huge: { type: "string", default: "6" },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const huge = Number(values.huge);
  const texts = corpus(FIXTURES);
  const stats = new Map<FuzzKind, KindStats>();
  const sized: number[] = [];
  let slowest: Timed[] = [];
  let slowestAbsolute: Timed | null = null;
  const failures: { kind: FuzzKind; message: string; text: string }[] = [];
  let totalBytes = 0;
  let parseMs = 0;
  const started = performance.now();

  for (const input of fuzzInputs(texts, count, seed, { huge })) {
    const start = performance.now();
    const { detected, failure } = check(input.text);
    const ms = performance.now() - start;
    if (failure && failures.length < 20)
      failures.push({ kind: input.kind, message: failure, text: input.text.slice(0, 300) });
    const s = stats.get(input.kind) ?? { count: 0, bytes: 0, ms: 0, detected: 0 };
    s.count++;
    s.bytes += input.text.length;
    s.ms += ms;
    if (detected) s.detected++;
    stats.set(input.kind, s);
    totalBytes += input.text.length;
    parseMs += ms;
    if (!slowestAbsolute || ms > slowestAbsolute.ms)
      slowestAbsolute = { input, ms, nsPerByte: (ms * 1e6) / input.text.length };
    if (input.text.length >= SIZED) {
      const nsPerByte = (ms * 1e6) / input.text.length;
      sized.push(nsPerByte);
      if (slowest.length < RETIME || nsPerByte > (slowest[slowest.length - 1]?.nsPerByte ?? 0)) {
        slowest.push({ input, ms, nsPerByte });
        slowest.sort((a, b) => b.nsPerByte - a.nsPerByte);
        slowest = slowest.slice(0, RETIME);
      }
    }
  }
  const wallMs = performance.now() - started;

  // The candidates timed again: a GC pause or a busy core is not a slow input.
  const retimed = slowest
    .map((t) => {
      const ms = bestOf(t.input.text, 5);
      return { ...t, ms, nsPerByte: (ms * 1e6) / t.input.text.length };
    })
    .sort((a, b) => b.nsPerByte - a.nsPerByte);
  sized.sort((a, b) => a - b);
  const median = sized[Math.floor(sized.length / 2)] ?? 0;
  const worst = retimed[0];

  const MB = 1024 * 1024;
  console.log(`inputs: ${count.toLocaleString("en")} (seed ${seed}, ${huge} huge), ${(totalBytes / MB).toFixed(1)} MB`);
  console.log(`total: ${(wallMs / 1000).toFixed(1)} s wall, ${(parseMs / 1000).toFixed(1)} s parsing`);
  console.log("kind                 count      MB    parse s   us/input  detected");
  for (const [kind, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(
      `${kind.padEnd(18)} ${String(s.count).padStart(8)} ${(s.bytes / MB).toFixed(1).padStart(7)} ${(s.ms / 1000).toFixed(2).padStart(9)} ${((s.ms * 1000) / s.count).toFixed(1).padStart(10)} ${((100 * s.detected) / s.count).toFixed(0).padStart(8)}%`,
    );
  }
  if (slowestAbsolute) {
    const ms = bestOf(slowestAbsolute.input.text, 3);
    const t = { ...slowestAbsolute, ms, nsPerByte: (ms * 1e6) / slowestAbsolute.input.text.length };
    console.log(
      `slowest input (best of 3): ${t.ms.toFixed(1)} ms, ${t.input.kind}, ${(t.input.text.length / MB).toFixed(2)} MB (${t.nsPerByte.toFixed(1)} ns/byte)`,
    );
  }
  let ok = failures.length === 0;
  if (worst) {
    const ratio = median > 0 ? worst.nsPerByte / median : 0;
    const linear = ratio <= MAX_RATIO;
    ok &&= linear;
    console.log(
      `time per byte (${sized.length.toLocaleString("en")} inputs >= ${SIZED / 1024} KB): median ${median.toFixed(1)} ns/byte; slowest ${worst.nsPerByte.toFixed(1)} ns/byte (${worst.input.kind}, ${worst.input.text.length.toLocaleString("en")} bytes, best of 5: ${worst.ms.toFixed(2)} ms) = ${ratio.toFixed(1)}x the median  [linear, <= ${MAX_RATIO}x: ${linear ? "ok" : "NO"}]`,
    );
  }
  for (const f of failures) console.log(`FAILURE (${f.kind}): ${f.message}\n  input starts: ${JSON.stringify(f.text)}`);
  console.log(
    failures.length === 0
      ? "never threw: ok"
      : `parser failures: ${failures.length}${failures.length === 20 ? "+" : ""}`,
  );
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
