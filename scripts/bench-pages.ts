/**
 * `npm run bench:pages [-- --hosts 50000 --panics 1000000 --runs 7 --measure-only]`: server render
 * time of every dashboard page against a large generated fleet.
 *
 * Generates the fleet in its own embedded database (PANICBOARD_DATA_DIR, default .data/bench; port
 * PANICBOARD_EMBEDDED_PG_PORT, default 54369) with bulk SQL (generate_series), unless it already holds
 * that many panics; then starts `next start` from the existing production build (PANICBOARD_DIST_DIR,
 * default .next; it builds nothing) and requests each page several times, printing p50/p95 of the time
 * to the last byte. `--measure-only` skips generation and measures whatever the database holds (e.g.
 * the demo fleet: PANICBOARD_DATA_DIR=.data PANICBOARD_EMBEDDED_PG_PORT=54329).
 *
 * The panics are the real fixture texts replayed on the kernels of their RHEL major, parsed and matched
 * once per (text, kernel) variant. To keep generation within minutes, 1 panic in 200 (at random)
 * stores its full raw text and parsed report, and so does the latest panic of every signature (the
 * best-fix column of the overview and the Bugs page reads it, as it would in a real fleet); the others
 * store the panic line and an empty report. Each real signature is spread over 100 fingerprints so
 * the unmatched-signature list has realistic cardinality.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadEnv } from "../lib/env";
import { getDb, Prisma, resetDb } from "../lib/server/db";
import { resolveDatabase } from "../lib/server/db/resolve";
import { refreshHostUpdates } from "../lib/server/services/host-update";
import { describeKernel } from "../lib/kernel";
import { bestMatch } from "../lib/kb";
import { loadKnownBugs } from "../lib/server/services/matching";
import { prepareDatabase } from "../lib/server/startup";
import { parseCrashSummary } from "../lib/crash";
import { kernelsOfMajor, loadTemplates } from "./fleet";
import { percentile, waitForHealth } from "./harness";

const log = (line: string) => console.log(`bench: ${line}`);
const SIGNATURE_SPREAD = 100;
const FULL_TEXT_EVERY = 200;

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** One row per (fixture text, kernel): the text rewritten for that kernel, parsed and matched once. */
async function insertVariants(): Promise<number> {
  const db = getDb();
  const bugs = await loadKnownBugs();
  const templates = loadTemplates();
  const rows: Prisma.Sql[] = [];
  let index = 0;
  for (const t of templates) {
    const kernels = t.kernels.length ? t.kernels : [t.kernelVr];
    for (const vr of kernels) {
      const text = t.text.replaceAll(t.kernelVr, vr);
      const report = parseCrashSummary(text);
      const kernel = report.kernelRelease;
      const match = bestMatch(report, kernel, bugs);
      rows.push(Prisma.sql`(${index++}, ${t.major}, ${text}, ${kernel}, ${kernel ? describeKernel(kernel).rhelRelease : null}, ${report.kind},
        ${report.title ?? report.message ?? "unrecognized crash"}, ${report.message}, ${report.panicked}, ${report.signature ?? `bench-${index}`},
        ${match?.bugId ?? null}, ${match?.rule ?? null}, ${match?.confidence ?? null}, ${match?.regression ?? false}, ${JSON.stringify(report)}::jsonb)`);
    }
  }
  await db.$executeRaw`DROP TABLE IF EXISTS bench_variants`;
  await db.$executeRaw`
    CREATE UNLOGGED TABLE bench_variants (idx int PRIMARY KEY, major int, raw_text text, kernel_release text, rhel_release text, kind text,
      title text, message text, panicked boolean, fingerprint text, known_bug_id text, match_rule text, match_confidence float8,
      match_regression boolean, parsed jsonb)`;
  await db.$executeRaw`INSERT INTO bench_variants VALUES ${Prisma.join(rows)}`;
  // Per major: how many variants it has and where they start, for picking one by arithmetic in SQL.
  await db.$executeRaw`DROP TABLE IF EXISTS bench_majors`;
  await db.$executeRaw`
    CREATE UNLOGGED TABLE bench_majors AS
    SELECT major, row_number() OVER (ORDER BY major) - 1 AS slot, array_agg(idx ORDER BY idx) AS variants FROM bench_variants GROUP BY major`;
  return rows.length;
}

async function generate(hosts: number, panics: number): Promise<void> {
  const db = getDb();
  await timed(
    "truncate",
    () =>
      db.$executeRaw`TRUNCATE panics, signatures, host_kernels, hosts, panic_rollups, panic_daily_rollups, panic_kernel_rollups, panic_host_counts RESTART IDENTITY CASCADE`,
  );
  const variants = await timed("parse and match the fixture variants", insertVariants);
  log(`${variants} (text, kernel) variants`);
  const majors = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM bench_majors`;
  const majorCount = Number(majors[0]?.n ?? 1);

  await timed("hosts", async () => {
    await db.$executeRaw`
      INSERT INTO hosts (hostname, updated_at)
      SELECT format('bench-%s-%s.example.net', (ARRAY['lvs','db','k8s','vm','nas','hpc','web','build'])[1 + g % 8], lpad(g::text, 6, '0')), now()
      FROM generate_series(1, ${hosts}) g`;
  });
  await timed("signatures", async () => {
    await db.$executeRaw`
      INSERT INTO signatures (fingerprint, kind, title, known_bug_id, first_seen_at, last_seen_at)
      SELECT DISTINCT ON (v.fingerprint, s) CASE WHEN s = 0 THEN v.fingerprint ELSE v.fingerprint || '-' || s END, v.kind, v.title, v.known_bug_id, now(), now()
      FROM bench_variants v CROSS JOIN generate_series(0, ${SIGNATURE_SPREAD - 1}) s
      ORDER BY v.fingerprint, s, v.known_bug_id NULLS LAST`;
  });
  // The rollup triggers would run once per row: off for the bulk load, then one rebuild.
  await db.$executeRaw`ALTER TABLE panics DISABLE TRIGGER USER`;
  await timed(`${panics} panics`, async () => {
    // Host h runs major slot h % majors and suffers two of that major's (text, kernel) variants, 3:1;
    // crash times spread over the last 12 months, denser recently.
    await db.$executeRaw`
      INSERT INTO panics (host_id, raw_text, sha256, crash_time, uploaded_at, source, kernel_release, rhel_release, kind, title, message,
        panicked, signature_id, known_bug_id, match_rule, match_confidence, match_regression, parsed)
      SELECT p.host_id,
        CASE WHEN p.full THEN v.raw_text ELSE coalesce(v.message, v.title) END,
        md5(p.g::text) || md5((p.g * 7)::text), p.t, p.t, 'agent', v.kernel_release, v.rhel_release, v.kind, v.title, v.message, v.panicked,
        s.id, v.known_bug_id, v.match_rule, v.match_confidence, v.match_regression,
        CASE WHEN p.full THEN v.parsed ELSE '{}'::jsonb END
      FROM (
        SELECT g, (1 + (g::bigint * 7919) % ${hosts})::int AS host_id,
          now() - (CASE WHEN random() < 0.6 THEN random() ELSE 1 - sqrt(random()) END * interval '364 days') AS t,
          random() AS r, random() * ${FULL_TEXT_EVERY} < 1 AS full
        FROM generate_series(1, ${panics}) g
      ) p
      JOIN bench_majors m ON m.slot = (p.host_id % ${majorCount})
      JOIN bench_variants v ON v.idx = m.variants[1 + (CASE WHEN p.r < 0.75 THEN p.host_id * 7 ELSE p.host_id * 13 + 5 END) % array_length(m.variants, 1)]
      JOIN signatures s ON s.fingerprint = CASE WHEN p.host_id % ${SIGNATURE_SPREAD} = 0 THEN v.fingerprint ELSE v.fingerprint || '-' || (p.host_id % ${SIGNATURE_SPREAD}) END`;
  });
  // The latest panic of each signature (the best-fix column reads its report): its variant is the one
  // of the signature's base fingerprint on the panic's kernel.
  await timed("latest panic of each signature: full text and report", async () => {
    await db.$executeRaw`
      UPDATE panics p SET raw_text = v.raw_text, parsed = v.parsed
      FROM (SELECT DISTINCT ON (signature_id) id, signature_id FROM panics ORDER BY signature_id, crash_time DESC, id DESC) latest
      JOIN signatures s ON s.id = latest.signature_id
      CROSS JOIN LATERAL (
        SELECT v.raw_text, v.parsed FROM bench_variants v
        WHERE v.fingerprint IN (s.fingerprint, regexp_replace(s.fingerprint, '-[0-9]+$', ''))
          AND v.kernel_release IS NOT DISTINCT FROM (SELECT kernel_release FROM panics WHERE id = latest.id)
        ORDER BY v.idx LIMIT 1
      ) v
      WHERE p.id = latest.id`;
  });
  await timed("rollups", async () => {
    await db.$executeRaw`SELECT rebuild_panic_rollups()`;
    await db.$executeRaw`ALTER TABLE panics ENABLE TRIGGER USER`;
  });
  await timed("counters and kernels", async () => {
    await db.$executeRaw`
      UPDATE hosts h SET panic_count = a.n, first_panic_at = a.first, last_panic_at = a.last, current_kernel = a.kernel,
        rhel_release = a.release
      FROM (SELECT host_id, count(*)::int AS n, min(crash_time) AS first, max(crash_time) AS last,
              (array_agg(kernel_release ORDER BY crash_time DESC))[1] AS kernel, (array_agg(rhel_release ORDER BY crash_time DESC))[1] AS release
            FROM panics GROUP BY host_id) a
      WHERE h.id = a.host_id`;
    await db.$executeRaw`
      UPDATE signatures s SET panic_count = a.n, host_count = a.hosts, first_seen_at = a.first, last_seen_at = a.last
      FROM (SELECT signature_id, count(*)::int AS n, count(DISTINCT host_id)::int AS hosts, min(crash_time) AS first, max(crash_time) AS last
            FROM panics GROUP BY signature_id) a
      WHERE s.id = a.signature_id`;
    await db.$executeRaw`DELETE FROM signatures WHERE panic_count = 0`;
    await db.$executeRaw`
      INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
      SELECT host_id, kernel_release, min(crash_time), max(crash_time), 'panic' FROM panics
      WHERE kernel_release IS NOT NULL GROUP BY host_id, kernel_release`;
    // One host in ten has been patched: its agent reported the newest kernel of its major.
    for (const major of [6, 7, 8, 9]) {
      const newest = `${kernelsOfMajor(major).at(-1)!}.x86_64`;
      const release = describeKernel(newest).rhelRelease;
      await db.$executeRaw`
        WITH patched AS (
          UPDATE hosts SET current_kernel = ${newest}, rhel_release = ${release}, kernel_reported_at = now()
          WHERE id % 10 = 3 AND rhel_release LIKE ${`${major}.%`} RETURNING id
        )
        INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
        SELECT id, ${newest}, now(), now(), 'inventory' FROM patched ON CONFLICT DO NOTHING`;
    }
  });
  await timed("needs-update verdicts", () => refreshHostUpdates());
  await timed("vacuum analyze", () => db.$executeRawUnsafe("VACUUM ANALYZE"));
  await db.$executeRaw`DROP TABLE IF EXISTS bench_variants, bench_majors`;
}

async function measure(databaseUrl: string, runs: number): Promise<void> {
  const db = getDb();
  const distDir = process.env.PANICBOARD_DIST_DIR ?? ".next";
  if (!existsSync(resolve(distDir, "BUILD_ID")))
    throw new Error(`no production build in ${distDir}: run next build first (bench:pages builds nothing)`);
  const [host] = await db.$queryRaw<
    { hostname: string }[]
  >`SELECT hostname FROM hosts ORDER BY panic_count DESC, id LIMIT 1`;
  const [panic] = await db.$queryRaw<
    { id: bigint }[]
  >`SELECT id FROM panics WHERE parsed <> '{}'::jsonb ORDER BY crash_time DESC LIMIT 1`;
  const [bug] = await db.$queryRaw<
    { id: string }[]
  >`SELECT known_bug_id AS id FROM signatures WHERE known_bug_id IS NOT NULL GROUP BY 1 ORDER BY sum(panic_count) DESC LIMIT 1`;
  const [sig] = await db.$queryRaw<
    { id: number }[]
  >`SELECT id FROM signatures WHERE known_bug_id IS NULL ORDER BY panic_count DESC LIMIT 1`;
  const pages = [
    "/",
    "/hosts",
    "/hosts?unmatched=1",
    "/hosts?release=6&needsUpdate=1&sort=panics",
    "/hosts?q=lvs-0001",
    host ? `/hosts/${encodeURIComponent(host.hostname)}` : null,
    "/bugs",
    bug ? `/bugs/${encodeURIComponent(bug.id)}` : null,
    sig ? `/bugs/new?signature=${sig.id}` : null,
    "/releases",
    "/updates",
    bug ? `/updates?bug=${encodeURIComponent(bug.id)}` : null,
    panic ? `/panics/${panic.id}` : null,
    "/upload",
  ].filter((p): p is string => p !== null);

  const port = Number(process.env.BENCH_PORT ?? 3399);
  const base = `http://127.0.0.1:${port}`;
  const nextBin = resolve("node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [nextBin, "start", "--port", String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, PANICBOARD_DATABASE_PREPARED: "1", NODE_ENV: "production" },
  });
  try {
    await waitForHealth(base, server, 60_000);
    const [counts] = await db.$queryRaw<
      { hosts: bigint; panics: bigint }[]
    >`SELECT (SELECT count(*) FROM hosts) AS hosts, (SELECT count(*) FROM panics) AS panics`;
    log(
      `measuring ${pages.length} pages, ${runs} runs each (after one warm-up), against ${counts?.hosts} hosts / ${counts?.panics} panics`,
    );
    console.log(`${"page".padEnd(58)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"status".padStart(7)}`);
    for (const page of pages) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i <= runs; i++) {
        const started = performance.now();
        const response = await fetch(`${base}${page}`);
        await response.text();
        status = response.status;
        if (i > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${page.slice(0, 58).padEnd(58)} ${percentile(times, 50).toFixed(0).padStart(8)} ${percentile(times, 95).toFixed(0).padStart(8)} ${String(status).padStart(7)}`,
      );
    }
  } finally {
    server.kill("SIGTERM");
  }
}

async function main(args: string[]): Promise<void> {
  process.env.PANICBOARD_DATA_DIR ??= ".data/bench";
  process.env.PANICBOARD_EMBEDDED_PG_PORT ??= "54369";
  const env = loadEnv();
  const hosts = option(args, "--hosts", 50_000);
  const panics = option(args, "--panics", 1_000_000);
  const runs = option(args, "--runs", 7);
  const database = await resolveDatabase(env, log);
  process.env.DATABASE_URL = database.url;
  try {
    await prepareDatabase(database.url, log);
    await resetDb();
    if (!args.includes("--measure-only")) {
      const have = await getDb().panic.count();
      if (have === panics && (await getDb().host.count()) > 0)
        log(`the database already holds ${have} panics: reusing them`);
      else await timed("generation", () => generate(hosts, panics));
    }
    await measure(database.url, runs);
  } finally {
    await resetDb();
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
