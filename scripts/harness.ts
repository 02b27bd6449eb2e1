/**
 * What the programs that load the dashboard over HTTP share (bench:ingest, test:chaos): a production
 * build in a folder of their own, the app started with `scripts/serve.ts start` and stopped or killed
 * with its process group, an API token from the CLI, and distinct uploads of real crash texts posted as
 * the host agent posts them.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCrashSummary } from "../lib/crash/index";
import { isBuildCurrent } from "./build-state";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NEXT_BIN = join(ROOT, "node_modules/next/dist/bin/next");

/**
 * A production build in `distDir` of the code as it is now: kept when no source changed since it was
 * made, else made again under /tmp/panicboard-build.lock (one build at a time on the machine). Returns
 * next build's exit code (0 when the build was current).
 */
export function ensureBuild(distDir: string, log: (line: string) => void): number {
  const buildId = join(ROOT, distDir, "BUILD_ID");
  if (isBuildCurrent(distDir)) return 0;
  log(
    `${existsSync(buildId) ? "the build" : "no build"} in ${distDir}${existsSync(buildId) ? " is older than the code" : ""}: building (under /tmp/panicboard-build.lock)`,
  );
  // next build adds its dist folder's types to tsconfig.json (and reformats it): keep the committed file.
  const tsconfig = readFileSync(join(ROOT, "tsconfig.json"), "utf8");
  const build = spawnSync("flock", ["/tmp/panicboard-build.lock", process.execPath, NEXT_BIN, "build"], {
    cwd: ROOT,
    env: { ...process.env, PANICBOARD_DIST_DIR: distDir },
    stdio: "inherit",
  });
  if (readFileSync(join(ROOT, "tsconfig.json"), "utf8") !== tsconfig)
    writeFileSync(join(ROOT, "tsconfig.json"), tsconfig);
  return build.status ?? 1;
}

export interface AppOptions {
  distDir: string;
  port: number;
  databaseUrl: string;
  /** Where its output goes: a file descriptor, or "ignore" (errors still reach this process's stderr). */
  output?: number | "ignore";
  env?: Record<string, string>;
}

/** `scripts/serve.ts start` on the existing build, in a process group of its own (see stopApp, killApp). */
export function startApp(options: AppOptions): ChildProcess {
  const { output = "ignore" } = options;
  return spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/serve.ts", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PANICBOARD_DIST_DIR: options.distDir,
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      ...options.env,
    },
    detached: true,
    stdio: ["ignore", output, output === "ignore" ? "inherit" : output],
  });
}

/** Resolves once `url`/api/health answers 200, polling every `everyMs`; throws when `app` exits or on timeout. */
export async function waitForHealth(
  url: string,
  app: ChildProcess | null,
  timeoutMs: number,
  everyMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app && app.exitCode !== null) throw new Error(`the server exited with code ${app.exitCode}`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`no healthy server at ${url} within ${timeoutMs / 1000} s`);
}

function hasExited(app: ChildProcess): boolean {
  return app.exitCode !== null || app.signalCode !== null;
}

/** SIGTERM to the app's process group (the launcher and Next), SIGKILL after 10 s; resolves when it exited. */
export async function stopApp(app: ChildProcess): Promise<void> {
  if (hasExited(app) || app.pid === undefined) return;
  const exited = new Promise((r) => app.once("exit", r));
  process.kill(-app.pid, "SIGTERM");
  const timer = setTimeout(() => killGroup(app), 10_000);
  await exited;
  clearTimeout(timer);
}

/** SIGKILL to the app's process group, as the OOM killer or a power cut would end it; resolves when it exited. */
export async function killApp(app: ChildProcess): Promise<void> {
  if (hasExited(app) || app.pid === undefined) return;
  const exited = new Promise((r) => app.once("exit", r));
  killGroup(app);
  await exited;
}

function killGroup(app: ChildProcess): void {
  try {
    if (app.pid !== undefined) process.kill(-app.pid, "SIGKILL");
  } catch {
    // The group is gone already.
  }
}

/** A new API token named `name`, from `npx panicboard token create` on `databaseUrl`. */
export function createToken(databaseUrl: string, name: string): string {
  return execFileSync(process.execPath, ["lib/cli/panicboard.mjs", "token", "create", "--name", name], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
}

/** Real crash texts that the parser detects: the rhel fixtures. */
export function loadFixtures(): string[] {
  const dir = join(ROOT, "lib/crash/fixtures/rhel");
  const paths = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .map((f) => join(dir, f));
  return paths.map((p) => readFileSync(p, "utf8")).filter((text) => parseCrashSummary(text).detected);
}

export interface Sample {
  hostname: string;
  crashTime: string;
  text: string;
}

export interface SampleOptions {
  /** The first line of upload i is `${marker} ${i}`: what makes each text distinct, and finds it again. */
  marker: string;
  /** Host names `${hostPrefix}-NNNN.example.com`, upload i on host i mod hosts. */
  hostPrefix: string;
  hosts: number;
  /** Crash times from 2024-01-01 UTC, one every `stepMinutes`. */
  stepMinutes: number;
  /** Which fixture upload i carries; i mod the fixtures when omitted. */
  fixtureOf?: (i: number) => number;
}

/** `count` distinct uploads of the fixtures, each with its own first line, spread over hosts and dates. */
export function generateSamples(count: number, fixtures: readonly string[], options: SampleOptions): Sample[] {
  const start = Date.UTC(2024, 0, 1);
  const fixtureOf = options.fixtureOf ?? ((i: number) => i);
  return Array.from({ length: count }, (_, i) => ({
    hostname: `${options.hostPrefix}-${String(i % options.hosts).padStart(4, "0")}.example.com`,
    crashTime: new Date(start + i * options.stepMinutes * 60_000).toISOString(),
    text: `${options.marker} ${i}\n${fixtures[fixtureOf(i) % fixtures.length]}`,
  }));
}

export interface UploadAnswer {
  status: number;
  /** Retry-After in seconds, when the answer has one. */
  retryAfter: number | null;
  body: string;
}

/**
 * POSTs one upload as the host agent does (public/panicboard-report.sh): text/plain with host,
 * crashTime and source in the query, the token as a bearer, over `agent`'s keep-alive connections.
 * Rejects on a network error, and after `timeoutMs` without an answer.
 */
export function postUpload(
  agent: http.Agent,
  baseUrl: string,
  token: string,
  sample: Sample,
  source = "api",
  timeoutMs = 120_000,
): Promise<UploadAnswer> {
  return new Promise((done, fail) => {
    const body = Buffer.from(sample.text);
    const query = new URLSearchParams({ host: sample.hostname, crashTime: sample.crashTime, source });
    const request = http.request(
      `${baseUrl}/api/panics?${query}`,
      {
        method: "POST",
        agent,
        timeout: timeoutMs,
        headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", "content-length": body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const retryAfter = Number(response.headers["retry-after"]);
          done({
            status: response.statusCode ?? 0,
            retryAfter: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
        response.on("error", fail);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on("error", fail);
    request.end(body);
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
