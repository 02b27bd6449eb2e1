/**
 * `npm run test:chaos [-- --count N --concurrency C --hosts H --faults 20,45,70 --recovery-limit S
 * --rate-limit R --dist-dir D --keep]`: uploads under faults, then a recount of everything derived.
 *
 * Starts a PostgreSQL cluster of its own (a temporary folder, a free port: lib/test/pg-cluster.ts),
 * applies the migrations, and starts two app instances on it (`scripts/serve.ts start`, one production
 * build in D, default .next-chaos, made when missing or older than the code). Then N distinct uploads
 * (real crash texts from lib/crash/fixtures/rhel, each with its own first line, on H hosts), C at a
 * time, each first sent to instance A or B in turn. A client retries as an agent behind a load balancer
 * would: a network error, a timeout or a 5xx goes to the other instance, a 429 waits its Retry-After;
 * 201 (stored) or 200 (already stored: an earlier attempt committed but its answer was lost) is done,
 * any other status is a failure. The upload path is idempotent by (host, sha-256 of the normalized text),
 * so a retry never stores a second row.
 *
 * At set points of progress (the share of uploads answered), one fault at a time: SIGKILL to instance A's
 * process group and a restart, the same for B, and a crash restart of PostgreSQL (`pg_ctl restart -m
 * immediate`: no shutdown checkpoint, WAL recovery at start). Each recovery is timed, until /api/health
 * answers 200 and until the instance stores an upload again; over the limit (S, 30 s) fails the run.
 *
 * At the end, from SQL: exactly N panics, each upload's first line once and on its host, every answer's
 * panic id holding that upload, and every counter and rollup kept beside the panics equal to a recount
 * from the panics table. Each instance must answer a re-sent upload with 200 and still run. Prints
 * each check and a summary; exit code 1 on any loss, duplicate, drift or slow recovery. Everything it
 * started is stopped and the temporary folder removed (kept with --keep), also on failure.
 *
 * Environment: CHAOS_UPLOADS and CHAOS_CONCURRENCY are the defaults of --count and --concurrency.
 */
import type { ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { resetDb } from "../lib/server/db";
import { applyMigrations } from "../lib/server/db/migrate";
import { findPostgresTools, freePort, type LocalCluster, makeClusterRoot, startCluster } from "../lib/test/pg-cluster";
import { runChecks } from "./chaos-checks";
import {
  createToken,
  ensureBuild,
  generateSamples,
  killApp,
  loadFixtures,
  postUpload,
  type Sample,
  startApp,
  stopApp,
  waitForHealth,
} from "./harness";

const log = (line: string) => console.log(`test:chaos: ${line}`);
const MARKER = "panicboard-chaos upload";
const HOST_PREFIX = "chaos";
/** An upload not answered for good within this long is counted lost by its client. */
const GIVE_UP_MS = 180_000;
const REQUEST_TIMEOUT_MS = 60_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  name: "A" | "B";
  port: number;
  url: string;
  app: ChildProcess;
  agent: http.Agent;
  logFile: string;
  /** When each upload answered 2xx by this instance was answered (performance.now()). */
  stored: number[];
  /** Exits nobody asked for: a crash of its own. */
  unexpectedExits: string[];
}

interface Recovery {
  label: string;
  /** From the fault to /api/health answering 200, per instance. */
  health: Map<string, number>;
  /** From the fault to when the instance (restarted, or its database back) was up again: an upload it stored after that counts as its first after the fault. */
  upAgain: Map<string, number>;
  detail: string;
}

interface FaultRun {
  /** The percentage of uploads answered that fires it, and how many were when it fired. */
  at: number;
  done: number;
  startedAt: number;
  recovery: Promise<Recovery>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: process.env.CHAOS_UPLOADS ?? "10000" },
      concurrency: { type: "string", default: process.env.CHAOS_CONCURRENCY ?? "64" },
      hosts: { type: "string", default: "1000" },
      faults: { type: "string", default: "20,45,70" },
      "recovery-limit": { type: "string", default: "30" },
      "rate-limit": { type: "string" },
      "dist-dir": { type: "string", default: ".next-chaos" },
      keep: { type: "boolean", default: false },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const hosts = Number(values.hosts);
  const limitMs = Number(values["recovery-limit"]) * 1000;
  const faultsAt = values.faults.split(",").map(Number);
  if (
    ![count, concurrency, hosts, limitMs].every((n) => Number.isInteger(n) && n > 0) ||
    hosts > 9999 ||
    faultsAt.length !== 3 ||
    !faultsAt.every((p, i) => p > 0 && p < 100 && (i === 0 || p > faultsAt[i - 1]!))
  ) {
    console.error(
      "usage: chaos.ts [--count N] [--concurrency C] [--hosts H] [--faults P1,P2,P3 (percent, rising)] [--recovery-limit S] [--rate-limit R] [--dist-dir D] [--keep]",
    );
    return 2;
  }
  const started = performance.now();
  const built = ensureBuild(values["dist-dir"], log);
  if (built !== 0) return built;
  const tools = findPostgresTools(["initdb", "pg_ctl", "postgres"]);
  if (typeof tools === "string") {
    log(`cannot start a PostgreSQL of its own: ${tools}`);
    return 1;
  }

  const root = makeClusterRoot("panicboard-chaos-");
  let cluster: LocalCluster | undefined;
  const instances: Instance[] = [];
  /** Instances' processes that this run ends itself: their exits are no crash. */
  const ending = new WeakSet<ChildProcess>();
  let cleaned = false;
  const cleanUp = async (failed: boolean) => {
    if (cleaned) return;
    cleaned = true;
    for (const instance of instances) {
      instance.agent.destroy();
      ending.add(instance.app);
      await stopApp(instance.app).catch(() => {});
    }
    await resetDb().catch(() => {});
    try {
      cluster?.stop("immediate");
    } catch (error) {
      log(`could not stop PostgreSQL: ${(error as Error).message}`);
    }
    if (failed) {
      for (const file of [...instances.map((i) => i.logFile), ...(cluster ? [cluster.log] : [])]) {
        if (!existsSync(file)) continue;
        log(`last lines of ${file}:`);
        console.log(readFileSync(file, "utf8").split("\n").slice(-25).join("\n"));
      }
    }
    if (values.keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp(true).finally(() => process.exit(130)));
  }

  let ok = false;
  try {
    cluster = startCluster(tools, { root, dir: join(root, "pg"), port: await freePort(), init: true });
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE panicboard");
    await admin.end();
    const databaseUrl = cluster.url("panicboard");
    const applied = await applyMigrations(databaseUrl);
    log(
      `PostgreSQL ${tools.dir} on port ${cluster.port} (data in ${cluster.dir}), ${applied.length} migrations applied`,
    );

    const launch = (instance: Instance) => {
      const output = openSync(instance.logFile, "a");
      const app = startApp({
        distDir: values["dist-dir"],
        port: instance.port,
        databaseUrl,
        output,
        env: values["rate-limit"] ? { PANICBOARD_RATE_LIMIT: values["rate-limit"] } : {},
      });
      closeSync(output);
      app.on("exit", (code, signal) => {
        if (!ending.has(app)) instance.unexpectedExits.push(`exit code ${code}, signal ${signal}`);
      });
      instance.app = app;
    };
    for (const name of ["A", "B"] as const) {
      const port = await freePort();
      const instance: Instance = {
        name,
        port,
        url: `http://127.0.0.1:${port}`,
        app: undefined as unknown as ChildProcess,
        agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
        logFile: join(root, `${name}.log`),
        stored: [],
        unexpectedExits: [],
      };
      launch(instance);
      instances.push(instance);
    }
    await Promise.all(instances.map((i) => waitForHealth(i.url, i.app, 180_000)));
    log(
      `instances A on port ${instances[0]!.port} and B on port ${instances[1]!.port}, one database (logs in ${root})`,
    );
    const token = createToken(databaseUrl, "chaos");

    const fixtures = loadFixtures();
    const samples = generateSamples(count, fixtures, {
      marker: MARKER,
      hostPrefix: HOST_PREFIX,
      hosts,
      stepMinutes: 20,
      // Host h gets fixtures h, h+1, ...: several kernels and bugs per host, so its current kernel,
      // kernel history and verdict depend on all of its uploads.
      fixtureOf: (i) => i + Math.floor(i / hosts),
    });
    log(
      `${count} uploads of ${fixtures.length} fixtures to ${Math.min(hosts, count)} hosts, concurrency ${concurrency}; ` +
        `faults at ${faultsAt.join(" %, ")} %`,
    );

    /** Restarts an instance after a SIGKILL to its process group; its recovery, from the kill. */
    const killAndRestart = async (instance: Instance): Promise<Recovery> => {
      const killedAt = performance.now();
      ending.add(instance.app);
      await killApp(instance.app);
      const restartedAt = performance.now();
      launch(instance);
      await waitForHealth(instance.url, instance.app, limitMs + 60_000, 100);
      const healthy = performance.now() - killedAt;
      return {
        label: `SIGKILL to instance ${instance.name}'s process group, then a restart`,
        health: new Map([[instance.name, healthy]]),
        upAgain: new Map([[instance.name, restartedAt - killedAt]]),
        detail: `its launcher and Next gone in ${seconds(restartedAt - killedAt)}, restart to healthy ${seconds(healthy - (restartedAt - killedAt))}`,
      };
    };
    /** A crash restart of PostgreSQL under both instances; their recoveries, from the crash. */
    const crashPostgres = async (): Promise<Recovery> => {
      const crashedAt = performance.now();
      await cluster!.restart("immediate");
      const upAt = performance.now();
      const health = new Map<string, number>();
      await Promise.all(
        instances.map(async (instance) => {
          await waitForHealth(instance.url, instance.app, limitMs + 60_000, 100);
          health.set(instance.name, performance.now() - crashedAt);
        }),
      );
      // A crash restart, not a clean one: the server must have replayed its WAL.
      if (!readFileSync(cluster!.log, "utf8").includes("automatic recovery in progress"))
        throw new Error(`no WAL recovery in ${cluster!.log}: PostgreSQL was not restarted as after a crash`);
      return {
        label: "PostgreSQL crash restart (pg_ctl restart -m immediate)",
        health,
        upAgain: new Map(instances.map((i) => [i.name, upAt - crashedAt])),
        detail: `accepting connections again at ${seconds(upAt - crashedAt)}, after WAL recovery (its log: automatic recovery in progress)`,
      };
    };
    const faults = [() => killAndRestart(instances[0]!), () => killAndRestart(instances[1]!), () => crashPostgres()];

    // The load, with the faults fired from it as progress reaches each point, one after another.
    const answers: ({ status: number; id: string; attempts: number } | undefined)[] = new Array(count);
    const failures: string[] = [];
    const retries = new Map<string, number>();
    const countRetry = (reason: string) => retries.set(reason, (retries.get(reason) ?? 0) + 1);
    const recoveries: FaultRun[] = [];
    let answered = 0;
    let next = 0;
    let faultChain: Promise<unknown> = Promise.resolve();
    const fire = (k: number) => {
      const run = { at: faultsAt[k]!, done: answered, startedAt: Number.NaN } as FaultRun;
      run.recovery = faultChain.then(() => {
        run.startedAt = performance.now();
        log(`fault ${k + 1} at ${run.at} % (${run.done} answered)`);
        return faults[k]!();
      });
      faultChain = run.recovery.catch(() => undefined);
      recoveries.push(run);
    };

    const upload = async (i: number, sample: Sample) => {
      let target = i % 2;
      let backoff = 100;
      const deadline = Date.now() + GIVE_UP_MS;
      for (let attempt = 1; ; attempt++) {
        const instance = instances[target]!;
        let reason: string;
        try {
          const answer = await postUpload(instance.agent, instance.url, token, sample, "agent", REQUEST_TIMEOUT_MS);
          if (answer.status === 201 || answer.status === 200) {
            const body = JSON.parse(answer.body) as { panic?: { id: string }; id?: string };
            instance.stored.push(performance.now());
            answers[i] = { status: answer.status, id: String(body.panic?.id ?? body.id), attempts: attempt };
            return;
          }
          if (answer.status === 429) {
            countRetry("429 (after its Retry-After)");
            await sleep(Math.min(60, answer.retryAfter ?? 5) * 1000);
            continue;
          }
          if (answer.status < 500 && answer.status !== 408) {
            failures.push(`upload ${i}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
            return;
          }
          reason = `HTTP ${answer.status}`;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          reason = code ? `network error ${code}` : `network error: ${(error as Error).message}`;
        }
        countRetry(reason);
        if (Date.now() > deadline) {
          failures.push(
            `upload ${i}: no answer for good after ${attempt} attempts in ${seconds(GIVE_UP_MS)} (last: ${reason})`,
          );
          return;
        }
        target = 1 - target;
        await sleep(backoff / 2 + Math.random() * backoff);
        backoff = Math.min(backoff * 2, 2_000);
      }
    };

    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          await upload(i, samples[i]!);
          answered++;
          while (recoveries.length < faults.length && answered >= (count * faultsAt[recoveries.length]!) / 100) {
            fire(recoveries.length);
          }
        }
      }),
    );
    const loadMs = performance.now() - loadStarted;
    const recovered = await Promise.allSettled(recoveries.map((r) => r.recovery));
    log(`load done in ${seconds(loadMs)}; ${failures.length} uploads failed`);

    // The first upload each instance stored after it recovered, from the answers' times.
    const faultLines: string[] = [];
    let slow = false;
    recovered.forEach((result, k) => {
      const entry = recoveries[k]!;
      if (result.status === "rejected") {
        slow = true;
        faultLines.push(`at ${entry.at} %: FAILED: ${(result.reason as Error).message}`);
        return;
      }
      const r = result.value;
      const parts = [...r.health].map(([name, ms]) => {
        if (ms > limitMs) slow = true;
        const instance = instances.find((i) => i.name === name)!;
        const from = entry.startedAt + r.upAgain.get(name)!;
        const first = instance.stored.find((t) => t > from);
        const firstText =
          first === undefined
            ? "stored no upload after it"
            : `first upload stored at ${seconds(first - entry.startedAt)}`;
        return `${name} /api/health 200 at ${seconds(ms)}${ms > limitMs ? ` (OVER ${seconds(limitMs)})` : ""}, ${firstText}`;
      });
      faultLines.push(
        `at ${entry.at} % (${entry.done} answered): ${r.label}; ${r.detail}; from the fault: ${parts.join("; ")}`,
      );
    });

    // Each instance still runs, and serves a write: a re-sent upload is answered "already stored".
    const serving: string[] = [];
    let notServing = false;
    for (const instance of instances) {
      const t0 = performance.now();
      const answer = await postUpload(instance.agent, instance.url, token, samples[0]!, "agent").catch(
        (error: Error) => ({ status: 0, body: error.message }),
      );
      const good = answer.status === 200 && instance.unexpectedExits.length === 0 && instance.app.exitCode === null;
      if (!good) notServing = true;
      serving.push(
        `${good ? "✓" : "✗"} instance ${instance.name}: a re-sent upload answered ${answer.status} in ${(performance.now() - t0).toFixed(0)} ms` +
          (instance.unexpectedExits.length ? `; exited on its own: ${instance.unexpectedExits.join(", ")}` : ""),
      );
    }

    // The verdicts' check reads the catalogue through lib/server/db: point it at this database.
    process.env.DATABASE_URL = databaseUrl;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const expected = { count, marker: MARKER, hostPrefix: HOST_PREFIX, hosts, answers: answers.map((a) => a?.id) };
    const checks = await runChecks(db, expected).finally(() => db.end());
    const statuses = { created: 0, again: 0, firstTry200: 0, retried: 0 };
    for (const a of answers) {
      if (!a) continue;
      if (a.status === 201) statuses.created++;
      else statuses.again++;
      if (a.status === 200 && a.attempts === 1) statuses.firstTry200++;
      if (a.attempts > 1) statuses.retried++;
    }
    const retryText = [...retries].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} × ${reason}`);
    const failedChecks = checks.filter((c) => c.problems > 0);
    ok = failures.length === 0 && failedChecks.length === 0 && !slow && !notServing && statuses.firstTry200 === 0;

    console.log("");
    log("summary");
    const line = (label: string, text: string) => console.log(`  ${label.padEnd(10)} ${text}`);
    line(
      "load",
      `${count} distinct uploads, concurrency ${concurrency}, ${Math.min(hosts, count)} hosts, ${fixtures.length} fixtures, ` +
        `instances A and B on one PostgreSQL; ${seconds(loadMs)} (${(count / (loadMs / 1000)).toFixed(0)} uploads/s)`,
    );
    line(
      "answers",
      `${statuses.created} stored (201), ${statuses.again} already stored on a retry (200), ${failures.length} failed; ` +
        `${statuses.firstTry200} answered 200 at the first attempt; ${statuses.retried} uploads needed a retry`,
    );
    line("retries", retryText.length ? `attempts that failed and were sent again: ${retryText.join(", ")}` : "none");
    for (const f of failures.slice(0, 5)) line("FAILED", f);
    faultLines.forEach((f, k) => line(`fault ${k + 1}`, f));
    for (const s of serving) line("serving", s);
    for (const c of checks) {
      line(
        "check",
        `${c.problems === 0 ? "✓" : "✗"} ${c.name}: ${c.found}${c.examples.length ? `: ${c.examples.join(" | ")}` : ""}`,
      );
    }
    line("wall time", `${seconds(performance.now() - started)} (build, cluster, start-up, load, faults and checks)`);
    line(
      "result",
      ok
        ? "PASS: nothing lost, nothing duplicated, every counter and rollup equal to its recount, both instances back within the limit"
        : `FAIL${failures.length ? `: ${failures.length} uploads failed` : ""}${failedChecks.length ? `: ${failedChecks.length} checks differ` : ""}${slow ? ": a recovery was too slow or failed" : ""}${notServing ? ": an instance does not serve" : ""}${statuses.firstTry200 ? ": first attempts answered 'already stored'" : ""}`,
    );
    return ok ? 0 : 1;
  } finally {
    await cleanUp(!ok);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
