/**
 * `npm run bench:ingest [-- --count N --concurrency C --port P]`: upload throughput over HTTP.
 * Creates a fresh database on the machine's PostgreSQL ($PANICBOARD_BENCH_PG, default
 * postgresql://postgres:postgres@127.0.0.1:5432/postgres), starts the server as `npm start` does
 * (scripts/server.ts) from .next-bench on port 3400 (building it under the shared build lock when
 * missing), creates a token with the CLI, warms the server up with 2,000 uploads of its own (their
 * figures printed apart), then posts N distinct crash texts (real fixtures, each with its own host and
 * a unique first line) with C in flight over keep-alive connections, prints uploads/s and latency
 * percentiles, checks that exactly N panics are stored, then stops the server and drops the database.
 * Exit code 1 when a post failed or the count is wrong.
 *
 * Then the database's own ceiling on the same PostgreSQL: pgbench runs ingest's transaction
 * (scripts/bench-ingest-ceiling.sql: random hosts and signatures, a ~3 KB text each) with 16 clients
 * for 20 s in a scratch database it drops afterwards, and the ratio uploads/s ÷ ceiling tps says how
 * much of what PostgreSQL can commit the app delivers (target ≥ 0.25). No pgbench: said, and skipped.
 *
 * Knobs for short runs: BENCH_UPLOADS (the count), BENCH_CEILING_SECONDS, BENCH_CEILING_CLIENTS
 * (0 seconds skips the ceiling), PANICBOARD_PGBENCH (the pgbench binary).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import os from "node:os";
import { parseArgs } from "node:util";
import { Client } from "pg";
import { applyMigrations } from "../lib/server/db/migrate";
import {
  createToken,
  ensureBuild,
  generateSamples,
  loadFixtures,
  percentile,
  postUpload,
  ROOT,
  type Sample,
  startApp,
  stopApp,
  waitForHealth,
} from "./harness";

const DIST_DIR = ".next-bench";
const TARGET = { uploadsPerSecond: 300, p99Ms: 100, ceilingRatio: 0.25, ceilingRatioAim: 0.4 };
/** Uploads sent (and stored, on hosts of their own) before the timed run: see main. */
const WARMUP_UPLOADS = 2_000;
const CEILING_SCRIPT = join(ROOT, "scripts/bench-ingest-ceiling.sql");

const log = (line: string) => console.log(`bench:ingest: ${line}`);

/** CPU seconds (user + system) used so far by the processes that `include` selects, from /proc. */
function cpuSeconds(include: (stat: string[], pid: number) => boolean): number {
  const ticksPerSecond = 100;
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesized command name: state is [0], ppid [1], pgrp [2], utime [11], stime [12].
      const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      if (include(fields, Number(entry))) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / ticksPerSecond;
}

/** The PostgreSQL postmaster's pid when it runs on this machine: the parent of our own backend. */
async function postmasterPidOf(client: Client): Promise<number | null> {
  const backend = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
  try {
    const raw = readFileSync(`/proc/${backend}/stat`, "utf8");
    return Number(raw.slice(raw.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: process.env.BENCH_UPLOADS ?? "10000" },
      concurrency: { type: "string", default: "16" },
      port: { type: "string", default: "3400" },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const port = Number(values.port);
  if (![count, concurrency, port].every((n) => Number.isInteger(n) && n > 0)) {
    console.error("usage: bench-ingest.ts [--count N] [--concurrency C] [--port P]");
    return 2;
  }

  const adminUrl = process.env.PANICBOARD_BENCH_PG ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
  const dbName = `panicboard_bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  const baseUrl = `http://127.0.0.1:${port}`;
  const built = ensureBuild(DIST_DIR, log);
  if (built !== 0) return built;

  const fixtures = loadFixtures();
  const samples = generateSamples(count, fixtures, {
    marker: "panicboard-bench upload",
    hostPrefix: "bench",
    hosts: 500,
    stepMinutes: 60,
  });
  const warmupSamples = generateSamples(WARMUP_UPLOADS, fixtures, {
    marker: "panicboard-bench warm-up",
    hostPrefix: "bench-warmup",
    hosts: 100,
    stepMinutes: 60,
  });
  log(
    `${count} uploads from ${fixtures.length} fixtures, concurrency ${concurrency}, after ${WARMUP_UPLOADS} to warm up; database ${dbName}`,
  );

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  let server: ReturnType<typeof startApp> | undefined;
  let upload = { rate: Number.NaN, p99: Number.NaN, stored: -1, ok: false };
  try {
    server = startApp({ distDir: DIST_DIR, port, databaseUrl });
    await waitForHealth(baseUrl, server, 120_000);
    const token = createToken(databaseUrl, "bench");

    // The load comes from node:http on keep-alive connections, one per request in flight, as an agent
    // or curl would send it (no Accept-Encoding): fetch cost this client twice the CPU per upload, on
    // the same two cores the server and PostgreSQL share.
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const post = (sample: Sample) => postUpload(agent, baseUrl, token, sample).then((answer) => answer.status);
    // Warm-up: WARMUP_UPLOADS real uploads on hosts of their own, at the same concurrency, so that the
    // timed run measures a server in service (JIT-compiled, pools open, its start-up work done: the
    // changelog index loads for a few seconds after /api/health first answers), not one starting.
    // Their figures are printed too: what a server restarted in the middle of a storm answers.
    const warmup = await runUploads(warmupSamples, concurrency, post);
    log(
      `warm-up right after start: ${warmupSamples.length} uploads at ${warmup.rate.toFixed(0)} uploads/s, ` +
        `p50 ${percentile(warmup.latencies, 50).toFixed(1)} ms, p99 ${percentile(warmup.latencies, 99).toFixed(1)} ms (not counted below)`,
    );

    const serverGroup = server.pid!;
    const postgresParent = await postmasterPidOf(admin);
    const cpu = () => ({
      server: cpuSeconds((f) => Number(f[2]) === serverGroup),
      postgres: postgresParent
        ? cpuSeconds((f, pid) => Number(f[1]) === postgresParent || pid === postgresParent)
        : NaN,
      client: process.cpuUsage(),
    });
    const cpuBefore = cpu();
    const { latencies, statuses, seconds, rate } = await runUploads(samples, concurrency, post);
    const cpuAfter = cpu();
    agent.destroy();
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const stored = Number(
      (
        await db.query<{ n: string }>(
          "SELECT count(*) AS n FROM panics p JOIN hosts h ON h.id = p.host_id WHERE h.hostname LIKE 'bench-%' AND h.hostname NOT LIKE 'bench-warmup-%'",
        )
      ).rows[0]?.n ?? -1,
    );
    await db.end();

    const byStatus = [...statuses].map(([s, n]) => `${s === 0 ? "network error" : s}: ${n}`).join(", ");
    log(
      `${count} uploads in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} uploads/s (target ≥ ${TARGET.uploadsPerSecond})`,
    );
    log(
      `latency p50 ${p50.toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < ${TARGET.p99Ms}), max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
    log(`answers: ${byStatus}`);
    const perUpload = (s: number) => `${((s * 1000) / count).toFixed(2)} ms`;
    const clientSeconds =
      (cpuAfter.client.user + cpuAfter.client.system - cpuBefore.client.user - cpuBefore.client.system) / 1e6;
    log(
      `CPU per upload: server (next) ${perUpload(cpuAfter.server - cpuBefore.server)}, PostgreSQL ${perUpload(cpuAfter.postgres - cpuBefore.postgres)}, ` +
        `bench client ${perUpload(clientSeconds)}; ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
    log(`panics stored: ${stored} (expected ${count})`);
    const meetsTarget = rate >= TARGET.uploadsPerSecond && p99 < TARGET.p99Ms;
    log(meetsTarget ? "meets the target" : "MISSES the target");
    upload = {
      rate,
      p99,
      stored,
      ok: stored === count && statuses.get(201) === count && warmup.statuses.get(201) === WARMUP_UPLOADS,
    };
  } finally {
    if (server) await stopApp(server);
    await admin
      .query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      .catch((error: Error) => log(`could not drop ${dbName}: ${error.message}`));
  }

  // The ceiling runs after the server stopped, so the two never compete for the CPUs.
  try {
    const ceiling = await measureCeiling(admin, adminUrl, `${dbName}_ceiling`);
    log(
      `summary: ${upload.rate.toFixed(0)} uploads/s, p99 ${upload.p99.toFixed(1)} ms, ${upload.stored} stored; ` +
        (ceiling === null
          ? "no ceiling measured"
          : `ceiling ${ceiling.toFixed(0)} tps, ratio ${(upload.rate / ceiling).toFixed(2)} ` +
            `(target ≥ ${TARGET.ceilingRatio}, aim ${TARGET.ceilingRatioAim})`),
    );
    if (ceiling !== null)
      log(upload.rate / ceiling >= TARGET.ceilingRatio ? "ratio meets the target" : "ratio MISSES the target");
  } finally {
    await admin.end();
  }
  return upload.ok ? 0 : 1;
}

interface UploadRun {
  /** Sorted, in ms. */
  latencies: number[];
  statuses: Map<number, number>;
  seconds: number;
  rate: number;
}

/** Posts every sample with `concurrency` in flight; answers by status (0: a network error). */
async function runUploads(
  samples: readonly Sample[],
  concurrency: number,
  post: (sample: Sample) => Promise<number>,
): Promise<UploadRun> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < samples.length; i = next++) {
        const t0 = performance.now();
        const status = await post(samples[i]!).catch(() => 0);
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, statuses, seconds, rate: samples.length / seconds };
}

/** pgbench on PATH, $PANICBOARD_PGBENCH, or in a Debian postgresql-client folder; null when none runs. */
function findPgbench(): string | null {
  const candidates = [process.env.PANICBOARD_PGBENCH, "pgbench"];
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort().reverse()) candidates.push(join(debian, version, "bin/pgbench"));
  }
  for (const candidate of candidates) {
    if (candidate && spawnSync(candidate, ["--version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

/**
 * The database's own ceiling for ingestion: ingest's transaction (scripts/bench-ingest-ceiling.sql) run by
 * pgbench, BENCH_CEILING_CLIENTS clients (16) for BENCH_CEILING_SECONDS (20), on the same PostgreSQL in a
 * scratch database with the app's schema, dropped afterwards. Its tps, or null when skipped.
 */
async function measureCeiling(admin: Client, adminUrl: string, name: string): Promise<number | null> {
  const seconds = Number(process.env.BENCH_CEILING_SECONDS ?? 20);
  const clients = Number(process.env.BENCH_CEILING_CLIENTS ?? 16);
  if (!(seconds > 0)) {
    log("ceiling: skipped (BENCH_CEILING_SECONDS=0)");
    return null;
  }
  const pgbench = findPgbench();
  if (!pgbench) {
    log("ceiling: skipped, pgbench is not installed (Debian: apt-get install postgresql-client); no ratio");
    return null;
  }
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    await applyMigrations(url);
    log(`ceiling: pgbench, ingest's transaction, ${clients} clients for ${seconds} s in ${name}`);
    const run = spawnSync(
      pgbench,
      [
        "--no-vacuum",
        "--protocol=prepared",
        `--client=${clients}`,
        `--jobs=${Math.min(clients, os.availableParallelism())}`,
        `--time=${seconds}`,
        "--max-tries=3",
        "--define=hosts=10000",
        "--define=signatures=2000",
        `--file=${CEILING_SCRIPT}`,
        url,
      ],
      { encoding: "utf8" },
    );
    const tps = /^tps = ([\d.]+)/m.exec(run.stdout ?? "")?.[1];
    const failed = /number of failed transactions: (\d+)/.exec(run.stdout ?? "")?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(run.stdout ?? "")?.[1];
    if (run.status !== 0 || !tps) {
      log(
        `ceiling: pgbench failed (exit ${run.status}): ${(run.stderr || run.stdout || "").trim().split("\n").slice(-3).join(" / ")}`,
      );
      return null;
    }
    const rows = await countRows(url);
    log(
      `ceiling: ${Number(tps).toFixed(0)} tps, latency average ${latency} ms, ${failed ?? "?"} failed, ${rows} panics stored`,
    );
    return Number(tps);
  } finally {
    await admin
      .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      .catch((error: Error) => log(`could not drop ${name}: ${error.message}`));
  }
}

async function countRows(url: string): Promise<number> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM panics")).rows[0]?.n ?? -1);
  } finally {
    await db.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:ingest: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
