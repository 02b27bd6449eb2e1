/**
 * `npm run bench:parse`: parser throughput on this machine, beside a floor measured in the same run.
 *   - MB/s on 64 MB of boot/driver console noise with no crash, and with one crash in its middle;
 *     the floor is one regular expression holding the trigger words, run over the same string in
 *     memory (no line splitting, no parsing): the parser must reach >= 200 MB/s and >= 1/20 of it, with
 *     or without the crash (a large text is read in windows around its report headers, windows.ts);
 *   - ms per typical crash text (the seed crash session, target < 0.2 ms) and for a 100 KB crash
 *     text (< 2 ms);
 *   - the server's parse step (parse and hash, parseUploadText) on the RHEL fixtures, CPU per text in
 *     the process against through a 2-worker ParsePool (the round trip a worker costs), and its median
 *     on the worst texts of INLINE_PARSE_MAX_CHARS (16 Ki) characters: why smaller texts parse inline.
 * Run it alone on the machine (`flock /tmp/panicboard-heavy.lock npm run bench:parse`): figures from
 * a busy machine are lower bounds.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HEADER_HINT_RE } from "../lib/crash/extract-title";
import { readdirSync } from "node:fs";
import { parseCrashSummary } from "../lib/crash/index";
import { parseUploadText } from "../lib/kb/analyze-upload";
import { INLINE_PARSE_MAX_CHARS, ParsePool } from "../lib/server/parse-pool";

const here = dirname(fileURLToPath(import.meta.url));
const seed = readFileSync(join(here, "../lib/crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const oops = readFileSync(join(here, "../lib/crash/fixtures/rhel/rhel9-null-deref.txt"), "utf8");

const NOISE = [
  "[  12.345678] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
  "[  12.345679] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
  "[  13.000001] XFS (dm-0): Mounting V5 Filesystem 5d6f3f0a-3b8e-4f0c-9d2e-3f1c2b4a5d6e",
  "[  13.000002] audit: type=1130 audit(1700000000.123:42): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='unit=systemd-udevd'",
  "[  14.100000] usb 1-1: new high-speed USB device number 2 using xhci_hcd",
  "[  14.100001] pci 0000:ff:02.0: [8086:2c10] type 00 class 0x060000",
];

/** The floor: one pass of one regular expression with the words a report header holds. */
const TRIGGER_RE = new RegExp(HEADER_HINT_RE.source, "g");

function noise(bytes: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = NOISE[i % NOISE.length] ?? "";
    out.push(line);
    size += line.length + 1;
  }
  return out.join("\n");
}

/** Best mean of 5 rounds after one warm-up round (steady state: the regexes compiled, the JIT done). */
function time(fn: () => void, rounds: number): number {
  for (let i = 0; i < rounds; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < rounds; i++) fn();
    best = Math.min(best, (performance.now() - start) / rounds);
  }
  return best;
}

function scanFloor(text: string): number {
  TRIGGER_RE.lastIndex = 0;
  let hits = 0;
  while (TRIGGER_RE.exec(text) !== null) hits++;
  return hits;
}

const MB = 1024 * 1024;
const quiet = noise(64 * MB);
const withCrash = `${quiet.slice(0, 32 * MB)}\n${oops}\n${quiet.slice(32 * MB)}`;
const big = `${noise(100 * 1024 - oops.length)}\n${oops}`;

const floorMs = time(() => scanFloor(quiet), 1);
const noiseMs = time(() => parseCrashSummary(quiet), 1);
const crashMs = time(() => parseCrashSummary(withCrash), 1);
const seedMs = time(() => parseCrashSummary(seed), 200);
const bigMs = time(() => parseCrashSummary(big), 50);

const rate = (bytes: number, ms: number) => bytes / MB / (ms / 1000);
const floorRate = rate(quiet.length, floorMs);
const noiseRate = rate(quiet.length, noiseMs);
const crashRate = rate(withCrash.length, crashMs);
const verdict = (ok: boolean) => (ok ? "ok" : "BELOW TARGET");
console.log(`scan floor, one regex (64 MB):  ${floorRate.toFixed(0)} MB/s  (${floorMs.toFixed(0)} ms)`);
console.log(
  `noise, no crash (64 MB):        ${noiseRate.toFixed(0)} MB/s  (${noiseMs.toFixed(0)} ms)  1/${(floorRate / noiseRate).toFixed(1)} of the floor  [target >= 200 MB/s and >= 1/20: ${verdict(noiseRate >= 200 && noiseRate * 20 >= floorRate)}]`,
);
console.log(
  `noise with one crash (64 MB):   ${crashRate.toFixed(0)} MB/s  (${crashMs.toFixed(0)} ms)  1/${(floorRate / crashRate).toFixed(1)} of the floor  [same target, windowed: ${verdict(crashRate >= 200 && crashRate * 20 >= floorRate)}]`,
);
console.log(
  `seed crash session (${(seed.length / 1024).toFixed(1)} KB):   ${seedMs.toFixed(3)} ms  (${(seedMs / 0.2).toFixed(2)} of the 0.2 ms target: ${verdict(seedMs < 0.2)})`,
);
console.log(
  `100 KB crash text:              ${bigMs.toFixed(3)} ms  (${(bigMs / 2).toFixed(2)} of the 2 ms target: ${verdict(bigMs < 2)})`,
);

// The server's parse step: in the process, or through a worker pool (postMessage both ways, two threads woken).
const fixtureDir = join(here, "../lib/crash/fixtures/rhel");
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => readFileSync(join(fixtureDir, f), "utf8"));
const texts = Array.from({ length: 3000 }, (_, i) => `bench ${i}\n${fixtures[i % fixtures.length]}`);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
for (const text of texts) parseUploadText(text); // warm-up
let before = cpuMs();
for (const text of texts) parseUploadText(text);
const inlineCpu = (cpuMs() - before) / texts.length;
const pool = new ParsePool({ size: 2, timeoutMs: 30_000 });
await Promise.all(texts.slice(0, 200).map((text) => pool.parse(text))); // workers started and warm
before = cpuMs();
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (let i = next++; i < texts.length; i = next++) await pool.parse(texts[i]!);
  }),
);
const pooledCpu = (cpuMs() - before) / texts.length;
await pool.close();
console.log(
  `parse step per RHEL fixture (${texts.length}): ${inlineCpu.toFixed(3)} ms CPU in the process, ${pooledCpu.toFixed(3)} ms through a 2-worker pool`,
);
const worst = {
  "blank lines": "\n".repeat(INLINE_PARSE_MAX_CHARS),
  "the seed session repeated": seed
    .repeat(Math.ceil(INLINE_PARSE_MAX_CHARS / seed.length))
    .slice(0, INLINE_PARSE_MAX_CHARS),
};
for (const [name, text] of Object.entries(worst)) {
  parseUploadText(text);
  const runs = Array.from({ length: 21 }, () => {
    const start = performance.now();
    parseUploadText(text);
    return performance.now() - start;
  }).sort((a, b) => a - b);
  console.log(
    `parse step, ${INLINE_PARSE_MAX_CHARS} characters of ${name}: median ${runs[10]!.toFixed(2)} ms, max ${runs[20]!.toFixed(2)} ms (21 runs)`,
  );
}
