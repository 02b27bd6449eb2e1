/**
 * Generated parser inputs for `npm run bench:fuzz` (scripts/bench-fuzz.ts) and a bounded sample in
 * robustness.test.ts: random bytes, real reports truncated, spliced, mutated, re-ended (CRLF, CR) and
 * corrupted into invalid UTF-8, fragments of report lines, deep nests of report headers, and a few
 * huge inputs (10 MB lines, megabytes of noise around a report). Seeded: one seed, one sequence.
 */

export type FuzzKind =
  | "random-bytes"
  | "random-text"
  | "truncated"
  | "spliced"
  | "mutated"
  | "line-ends"
  | "invalid-utf8"
  | "fragments"
  | "nested-headers"
  | "long-line"
  | "noise-with-crash";

export interface FuzzInput {
  kind: FuzzKind;
  text: string;
}

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces of report lines, joined at random (here and in robustness.test.ts's properties). */
export const KERNEL_FRAGMENTS = [
  "BUG: ",
  "WARNING: ",
  "INFO: ",
  "kernel BUG at ",
  "Call Trace:\n",
  " [<ffffffff81494c71>] ",
  " ? ",
  "+0x5e1/0x5f0",
  "RIP: 0010:",
  "general protection fault: 0000 [#1] SMP\n",
  "Kernel panic - not syncing: ",
  "<IRQ>\n",
  "<EOI>\n",
  "[  123.456789] ",
  "[  123.456789][ T1234] ",
  "<4>",
  "Nov 12 10:00:01 host kernel: ",
  "2023-11-12T10:00:01+0100 host kernel: ",
  "\r\n",
  "\n",
  "\\xe2",
  'PANIC: "',
  "crash> bt\n",
  "#0 [ffff88002f863890] machine_kexec at ffffffff8103284b\n",
  "    [exception RIP: tcp_v4_err+1505]\n",
  "--- <IRQ stack> ---\n",
  "Modules linked in: a b(OE) c\n",
  "CPU: 0 PID: 1 Comm: x Tainted: G OE ------------ 3.10.0-1.el7.x86_64 #1\n",
  "Pid: 0, comm: swapper Not tainted 2.6.32-279.14.1.el6.x86_64 #1 Dell Inc. PowerEdge R410/01V648\n",
  "        DATE: Fri Sep 27 16:19:55 2013\n",
  "      UPTIME: 3 days, 15:03:51\n",
  "INFO: task a:1 blocked for more than 120 seconds.",
  "------------[ cut here ]------------\n",
  "WARNING: possible circular locking dependency detected\n",
  "BUG: KASAN: use-after-free in ",
  "BUG: soft lockup - CPU#3 stuck for 22s! [a:1]\n",
  "Unable to handle kernel paging request at virtual address 0\n",
  "---[ end trace 0000000000000000 ]---\n",
  "Code: 4c 8b <0f> 0b\n",
  " login: ",
];

/** Header lines for deep nests: every report starting inside the previous one. */
const NEST_HEADERS = [
  "------------[ cut here ]------------",
  "WARNING: CPU: 0 PID: 1 at mm/slab.c:1 f+0x1/0x2",
  "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008",
  "general protection fault: 0000 [#1] SMP",
  "INFO: task a:1 blocked for more than 120 seconds.",
  "BUG: KASAN: use-after-free in f+0x1/0x2",
  "Kernel panic - not syncing: Fatal exception",
  "kernel BUG at fs/a.c:1!",
  "Call Trace:",
  " [<ffffffff81494c71>] f+0x1/0x2",
  " <IRQ>",
  "======================================================",
];

const NOISE_LINE =
  "[  12.345678] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx\n";

export interface FuzzOptions {
  /** How many huge inputs (10 MB lines, MBs of noise) to put in the sequence; they come first. */
  huge?: number;
}

/**
 * `count` inputs from `seed`, built from `corpus` (real report texts). Most are small (under a few KB,
 * so a million run in minutes); the `huge` ones come first.
 */
export function* fuzzInputs(corpus: readonly string[], count: number, seed: number, options: FuzzOptions = {}) {
  const rand = seededRandom(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const report = () => (corpus.length > 0 ? pick(corpus) : "BUG: empty corpus\n");
  const slice = (text: string) => {
    const a = int(text.length + 1);
    const b = a + int(text.length - a + 1);
    return text.slice(a, b);
  };
  const huge = Math.min(options.huge ?? 0, count);
  for (let i = 0; i < huge; i++) yield hugeInput(i, report);
  for (let i = huge; i < count; i++) {
    const r = rand();
    let input: FuzzInput;
    if (r < 0.12) input = { kind: "random-bytes", text: randomBytes(int(512), rand, rand() < 0.5 ? "utf8" : "latin1") };
    else if (r < 0.2) input = { kind: "random-text", text: randomText(int(512), rand) };
    else if (r < 0.38) {
      const text = report();
      input = { kind: "truncated", text: rand() < 0.5 ? text.slice(0, int(text.length + 1)) : slice(text) };
    } else if (r < 0.5) {
      const parts: string[] = [];
      for (let k = 2 + int(3); k > 0; k--) parts.push(slice(report()));
      input = { kind: "spliced", text: parts.join(rand() < 0.5 ? "\n" : "") };
    } else if (r < 0.62) input = { kind: "mutated", text: mutate(report(), rand) };
    else if (r < 0.7) {
      const text = report();
      input = { kind: "line-ends", text: text.replace(/\n/g, rand() < 0.5 ? "\r\n" : "\r") };
    } else if (r < 0.78) input = { kind: "invalid-utf8", text: corruptUtf8(report(), rand) };
    else if (r < 0.93) {
      const parts: string[] = [];
      for (let k = int(120); k > 0; k--) parts.push(rand() < 0.8 ? pick(KERNEL_FRAGMENTS) : randomText(int(16), rand));
      input = { kind: "fragments", text: parts.join("") };
    } else input = { kind: "nested-headers", text: nestedHeaders(1 + int(rand() < 0.98 ? 40 : 2000), rand) };
    yield input;
  }
}

function hugeInput(i: number, report: () => string): FuzzInput {
  const MB = 1 << 20;
  switch (i % 6) {
    case 0:
      return { kind: "long-line", text: "a".repeat(10 * MB) };
    case 1:
      return { kind: "long-line", text: `BUG: ${"[<ffffffff81494c71>] f+0x1/0x2 ".repeat((10 * MB) / 32)}` };
    case 2:
      return { kind: "long-line", text: `WARNING: ${" at ".repeat((10 * MB) / 4)}\n${report()}` };
    case 3:
      return { kind: "long-line", text: `${"\\x41".repeat((10 * MB) / 4)}BUG: x\nCall Trace:\n f+0x1/0x2` };
    case 4: {
      const noise = NOISE_LINE.repeat(Math.ceil((4 * MB) / NOISE_LINE.length));
      return { kind: "noise-with-crash", text: `${noise}${report()}\n${noise}` };
    }
    default:
      return { kind: "nested-headers", text: NEST_HEADERS.join("\n").concat("\n").repeat(20000) };
  }
}

function randomBytes(n: number, rand: () => number, encoding: "utf8" | "latin1"): string {
  const bytes = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(rand() * 256);
  return bytes.toString(encoding);
}

/** Any UTF-16 code units, lone surrogates included, with newlines now and then. */
function randomText(n: number, rand: () => number): string {
  let out = "";
  for (let i = 0; i < n; i++) {
    const r = rand();
    out +=
      r < 0.1
        ? "\n"
        : r < 0.7
          ? String.fromCharCode(32 + Math.floor(rand() * 95))
          : String.fromCharCode(Math.floor(rand() * 65536));
  }
  return out;
}

/** Lines deleted, repeated, swapped or cut, characters inserted. */
function mutate(text: string, rand: () => number): string {
  const lines = text.split("\n");
  for (let k = 1 + Math.floor(rand() * 8); k > 0 && lines.length > 0; k--) {
    const at = Math.floor(rand() * lines.length);
    const line = lines[at] ?? "";
    const r = rand();
    if (r < 0.25) lines.splice(at, 1);
    else if (r < 0.5) lines.splice(at, 0, ...Array<string>(1 + Math.floor(rand() * 20)).fill(line));
    else if (r < 0.7) lines[at] = line.slice(0, Math.floor(rand() * (line.length + 1)));
    else if (r < 0.85) {
      const other = Math.floor(rand() * lines.length);
      lines[at] = lines[other] ?? "";
      lines[other] = line;
    } else {
      const pos = Math.floor(rand() * (line.length + 1));
      lines[at] = line.slice(0, pos) + pickFragment(rand) + line.slice(pos);
    }
  }
  return lines.join("\n");
}

function pickFragment(rand: () => number): string {
  return KERNEL_FRAGMENTS[Math.floor(rand() * KERNEL_FRAGMENTS.length)] ?? "";
}

/** The text's UTF-8 with bytes overwritten by 0x80-0xff, decoded again (replacement characters). */
function corruptUtf8(text: string, rand: () => number): string {
  const bytes = Buffer.from(text, "utf8");
  for (let k = 1 + Math.floor(rand() * 16); k > 0 && bytes.length > 0; k--) {
    bytes[Math.floor(rand() * bytes.length)] = 0x80 + Math.floor(rand() * 128);
  }
  return bytes.toString(rand() < 0.8 ? "utf8" : "latin1");
}

/** `depth` report headers, each opening before the previous report's trace ends. */
function nestedHeaders(depth: number, rand: () => number): string {
  const out: string[] = [];
  for (let d = 0; d < depth; d++) {
    out.push(NEST_HEADERS[Math.floor(rand() * NEST_HEADERS.length)] ?? "");
    if (rand() < 0.5) out.push(` [<ffffffff8100${d % 10}000>] f${d}+0x1/0x2`);
  }
  return out.join(rand() < 0.9 ? "\n" : "\r\n");
}
