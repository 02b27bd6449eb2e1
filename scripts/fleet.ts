/**
 * The real crash texts behind the generated fleets of `npm run demo` and `npm run bench:pages`:
 * every fixture of lib/crash/fixtures/rhel the parser detects, with the kernels of
 * its RHEL major (lib/kernel/data/rhel-kernels.json) it may be replayed on.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCrashSummary, type CrashReport } from "../lib/crash";
import rhelKernels from "../lib/kernel/data/rhel-kernels.json" with { type: "json" };
import { isNewerKernel } from "../lib/kernel";

/** A small deterministic PRNG (mulberry32), so two demo runs load the same fleet. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

export interface Template {
  file: string;
  major: number;
  role: string;
  text: string;
  report: CrashReport;
  /** version-release of the kernel in the text, without the arch. */
  kernelVr: string;
  /** Kernels this crash is plausible on (e.g. the tcp_v4_err BUG only before its fix). */
  kernels: string[];
}

const ROLES: Record<string, string> = {
  "rhel6-seed": "lvs",
  "rhel6-syslog": "lvs",
  "rhel6-vmcore": "lvs",
  "rhel7-multi-oops": "fcoe",
  "rhel7-ppc64le": "build",
  "rhel7-soft-lockup": "docker",
  "rhel7-virtio": "vm",
  "rhel8-hard-lockup": "kvm",
  "rhel8-hung-task-aarch64": "hpc",
  "rhel8-hung-task-jbd2": "db",
  "rhel8-soft-lockup-xfs": "nas",
  "rhel8-stack-overflow": "vm",
  "rhel9-gpf": "k8s",
  "rhel9-kill-init": "vm",
  "rhel9-null-deref": "db",
};
export const SITES = ["fra1", "ams2", "iad3", "sjc1", "sin2", "lon1"];
export const ARCH = /\.(x86_64|aarch64|ppc64le|s390x|i686)$/;

/** GA kernels of each minor release plus a few z-streams, per RHEL major. */
export function kernelsOfMajor(major: number): string[] {
  const ga = rhelKernels.releases
    .filter((r) => r.major === major && !r.ga_kernel.includes("?"))
    .map((r) => r.ga_kernel);
  const extra: Record<number, string[]> = {
    6: [
      "2.6.32-279.14.1.el6",
      "2.6.32-358.23.2.el6",
      "2.6.32-431.29.2.el6",
      "2.6.32-696.30.1.el6",
      "2.6.32-754.35.1.el6",
    ],
    7: ["3.10.0-957.21.3.el7", "3.10.0-1160.el7", "3.10.0-1160.119.1.el7"],
    8: ["4.18.0-305.10.2.el8_4", "4.18.0-553.16.1.el8_10"],
    9: ["5.14.0-362.8.1.el9_3", "5.14.0-427.42.1.el9_4"],
  };
  return [...ga, ...(extra[major] ?? [])].sort((a, b) => (isNewerKernel(a, b) ? 1 : -1));
}

export function loadTemplates(): Template[] {
  const dir = resolve("lib/crash/fixtures/rhel");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .map((f) => resolve(dir, f));
  const templates: Template[] = [];
  for (const file of files) {
    const name = file.split("/").pop()!;
    const major = Number(/rhel(\d+)/.exec(name)?.[1] ?? "0");
    const text = readFileSync(file, "utf8");
    const report = parseCrashSummary(text);
    // Texts the parser rejects, or without a kernel to vary (a bare `bt`), cannot become demo panics.
    if (!report.detected || !report.kernelRelease || !major) continue;
    const role = Object.entries(ROLES).find(([prefix]) => name.startsWith(prefix))?.[1] ?? "srv";
    let kernels = kernelsOfMajor(major);
    // The tcp_v4_err BUG_ON is fixed in 2.6.32-431.el6: keep those texts on kernels that still have it,
    // except the one written for a moved line number (a rebuilt kernel), which stays on its own kernel.
    if (report.title === "kernel BUG in tcp_v4_err") {
      kernels = name.includes("line-moved") ? [] : kernels.filter((k) => isNewerKernel("2.6.32-431.el6", k));
    }
    templates.push({
      file: name,
      major,
      role,
      text,
      report,
      kernelVr: report.kernelRelease.replace(ARCH, ""),
      kernels,
    });
  }
  return templates;
}
