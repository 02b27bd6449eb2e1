/**
 * `npm run bench:parse`: parser throughput on this machine.
 *   - MB/s on a large log of boot/driver noise with no crash, and with one crash in its middle;
 *   - ms per typical crash text (the seed crash session) and for a 100 KB crash text.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCrashSummary } from "../lib/crash/index";

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

function time(fn: () => void, rounds: number): number {
  fn();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return (performance.now() - start) / rounds;
}

const MB = 1024 * 1024;
const quiet = noise(32 * MB);
const withCrash = `${quiet.slice(0, 16 * MB)}\n${oops}\n${quiet.slice(16 * MB)}`;
const big = `${noise(100 * 1024 - oops.length)}\n${oops}`;

const noiseMs = time(() => parseCrashSummary(quiet), 3);
const crashMs = time(() => parseCrashSummary(withCrash), 3);
const seedMs = time(() => parseCrashSummary(seed), 200);
const bigMs = time(() => parseCrashSummary(big), 50);

const mbps = (bytes: number, ms: number) => (bytes / MB / (ms / 1000)).toFixed(1);
console.log(`noise, no crash (32 MB):      ${mbps(quiet.length, noiseMs)} MB/s  (${noiseMs.toFixed(0)} ms)`);
console.log(`noise with one crash (32 MB): ${mbps(withCrash.length, crashMs)} MB/s  (${crashMs.toFixed(0)} ms)`);
console.log(`seed crash session (${(seed.length / 1024).toFixed(1)} KB):  ${seedMs.toFixed(3)} ms per text`);
console.log(`100 KB crash text:            ${bigMs.toFixed(3)} ms per text`);
