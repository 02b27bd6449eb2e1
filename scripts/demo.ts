/**
 * `npm run demo [-- --reset] [--hosts N] [--panics N]`: loads a generated fleet into the database
 * (DATABASE_URL, or the embedded PostgreSQL that `npm start` uses).
 *
 * Every panic is one of the real crash texts in lib/crash/fixtures/rhel, with its
 * hostname, kernel release and task pid rewritten; each text is parsed and matched exactly as
 * ingestion does (lib/crash + lib/kb). Only the writes are batched: hosts, signatures, panics and
 * kernels go in with multi-row INSERTs, then the counters and the needs-update verdicts are computed
 * the way ingestion keeps them. A few hosts then report a newer kernel through the inventory service,
 * as a patched host's agent would.
 */
import { parseCrashSummary, type CrashReport } from "../lib/crash";
import { loadEnv } from "../lib/env";
import { getDb, Prisma, resetDb } from "../lib/server/db";
import { resolveDatabase } from "../lib/server/db/resolve";
import { refreshHostUpdates } from "../lib/server/services/host-update";
import { reportHostKernel } from "../lib/server/services/inventory";
import { describeKernel, isNewerKernel } from "../lib/kernel";
import { bestMatch, normalizeForHash, type PanicMatch, sha256Hex } from "../lib/kb";
import { loadKnownBugs } from "../lib/server/services/matching";
import { prepareDatabase } from "../lib/server/startup";
import { createRandom, kernelsOfMajor, loadTemplates, SITES, type Template } from "./fleet";

const log = (line: string) => console.log(`demo: ${line}`);
const DAY = 24 * 3600 * 1000;
const INSERT_BATCH = 500;

interface DemoPanic {
  hostname: string;
  text: string;
  sha256: string;
  crashTime: Date;
  kernelRelease: string | null;
  report: CrashReport;
  match: PanicMatch | null;
}

interface FleetOptions {
  hosts: number;
  panics: number;
  now: Date;
}

/** Hosts across RHEL 6-9, each suffering one or two of its major's crashes, over the last 12 months. */
function generateFleet(templates: Template[], options: FleetOptions, bugs: Awaited<ReturnType<typeof loadKnownBugs>>) {
  const random = createRandom(20261125);
  const byMajor = new Map<number, Template[]>();
  for (const t of templates) byMajor.set(t.major, [...(byMajor.get(t.major) ?? []), t]);
  const majorShare: [number, number][] = [
    [6, 0.3],
    [7, 0.3],
    [8, 0.25],
    [9, 0.15],
  ];
  const panics: DemoPanic[] = [];
  const seen = new Set<string>();
  const perHost = options.panics / options.hosts;
  const counters = new Map<string, number>();
  const hostnames: { hostname: string; major: number }[] = [];

  for (let h = 0; h < options.hosts; h++) {
    let roll = random.next();
    const major = majorShare.find(([, share]) => (roll -= share) < 0)?.[0] ?? 9;
    const own = byMajor.get(major) ?? [];
    if (own.length === 0) continue;
    // The text written for a moved line number (a rebuilt kernel) stays a rare second crash, never a host's main one.
    const usual = own.filter((t) => t.kernels.length > 0);
    const primary = random.pick(usual.length ? usual : own);
    const secondary = random.next() < 0.35 ? random.pick(own) : null;
    const key = `${primary.role}-${random.pick(SITES)}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const hostname = `${key}-${String(n).padStart(3, "0")}.example.net`;
    hostnames.push({ hostname, major });

    const pool = primary.kernels.length ? primary.kernels : kernelsOfMajor(major);
    const firstKernel = random.pick(pool.slice(0, Math.max(1, pool.length - 1)));
    const laterKernels = pool.filter((k) => isNewerKernel(k, firstKernel));
    const upgradeAt =
      laterKernels.length && random.next() < 0.3 ? options.now.getTime() - random.int(20, 300) * DAY : null;
    const laterKernel = laterKernels.length ? random.pick(laterKernels) : firstKernel;
    // A skewed count: most hosts crash a few times, a few crash very often.
    const count = Math.max(1, Math.round(perHost * Math.pow(random.next(), 2.2) * 3.2));

    for (let i = 0; i < count; i++) {
      const template = secondary && random.next() < 0.3 ? secondary : primary;
      // More recent months see more panics (the fleet grew): part uniform, part rising linearly to now.
      const age = (random.next() < 0.6 ? random.next() : 1 - Math.sqrt(random.next())) * 364 * DAY;
      const crashTime = new Date(options.now.getTime() - age - random.int(0, 3600_000));
      const vr =
        template.kernels.length === 0
          ? template.kernelVr
          : upgradeAt && crashTime.getTime() > upgradeAt
            ? laterKernel
            : firstKernel;
      const pid = random.int(300, 65000);
      let text = template.text
        .replaceAll(template.kernelVr, vr)
        .replace(/\b(PID|Pid):(\s*)\d+/g, (_m, label: string, space: string) => `${label}:${space}${pid}`);
      if (template.report.hostname) text = text.replaceAll(template.report.hostname, hostname.split(".")[0]!);
      const sha256 = sha256Hex(normalizeForHash(text));
      if (seen.has(`${hostname}|${sha256}`)) continue;
      seen.add(`${hostname}|${sha256}`);
      const report = parseCrashSummary(text);
      const kernelRelease = report.kernelRelease;
      panics.push({
        hostname,
        text,
        sha256,
        crashTime,
        kernelRelease,
        report,
        match: bestMatch(report, kernelRelease, bugs),
      });
    }
  }
  return { panics, hostnames };
}

async function insertRows(table: string, columns: string[], rows: Prisma.Sql[]): Promise<void> {
  const db = getDb();
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.$executeRaw`INSERT INTO ${Prisma.raw(table)} (${Prisma.raw(columns.join(", "))}) VALUES ${Prisma.join(rows.slice(i, i + INSERT_BATCH))}`;
  }
}

async function loadFleet(panics: DemoPanic[]): Promise<void> {
  const db = getDb();
  // Hosts: the newest kernel seen in a panic is the current one, as ingestion decides.
  const hosts = new Map<string, { current: string | null }>();
  for (const p of panics) {
    const host = hosts.get(p.hostname) ?? { current: null };
    if (p.kernelRelease && isNewerKernel(p.kernelRelease, host.current)) host.current = p.kernelRelease;
    hosts.set(p.hostname, host);
  }
  await insertRows(
    "hosts",
    ["hostname", "current_kernel", "rhel_release", "updated_at"],
    [...hosts].map(
      ([hostname, h]) =>
        Prisma.sql`(${hostname}, ${h.current}, ${h.current ? describeKernel(h.current).rhelRelease : null}, now())`,
    ),
  );
  const hostIds = new Map(
    (await db.host.findMany({ select: { id: true, hostname: true } })).map((h) => [h.hostname, h.id]),
  );

  // Signatures: the title and kind of the first panic, the bug most of its panics match.
  const signatures = new Map<string, { kind: string | null; title: string; first: Date; bugs: Map<string, number> }>();
  for (const p of panics) {
    const fingerprint = p.report.signature ?? p.sha256.slice(0, 16);
    const s = signatures.get(fingerprint) ?? {
      kind: p.report.kind,
      title: p.report.title ?? p.report.message ?? "unrecognized crash",
      first: p.crashTime,
      bugs: new Map(),
    };
    if (p.match) s.bugs.set(p.match.bugId, (s.bugs.get(p.match.bugId) ?? 0) + 1);
    signatures.set(fingerprint, s);
  }
  await insertRows(
    "signatures",
    ["fingerprint", "kind", "title", "known_bug_id", "first_seen_at", "last_seen_at"],
    [...signatures].map(([fingerprint, s]) => {
      const bug = [...s.bugs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
      return Prisma.sql`(${fingerprint}, ${s.kind}, ${s.title}, ${bug}, ${s.first}, ${s.first})`;
    }),
  );
  const signatureIds = new Map(
    (await db.signature.findMany({ select: { id: true, fingerprint: true } })).map((s) => [s.fingerprint, s.id]),
  );

  await insertRows(
    "panics",
    [
      "host_id",
      "raw_text",
      "sha256",
      "crash_time",
      "source",
      "kernel_release",
      "rhel_release",
      "kind",
      "title",
      "message",
      "panicked",
      "signature_id",
      "known_bug_id",
      "match_rule",
      "match_confidence",
      "match_regression",
      "parsed",
    ],
    panics.map((p) => {
      const r = p.report;
      const fingerprint = r.signature ?? p.sha256.slice(0, 16);
      return Prisma.sql`(${hostIds.get(p.hostname)!}, ${p.text}, ${p.sha256}, ${p.crashTime}, 'agent', ${p.kernelRelease},
        ${p.kernelRelease ? describeKernel(p.kernelRelease).rhelRelease : null}, ${r.kind}, ${r.title ?? r.message ?? "unrecognized crash"},
        ${r.message}, ${r.panicked}, ${signatureIds.get(fingerprint)!}, ${p.match?.bugId ?? null}, ${p.match?.rule ?? null},
        ${p.match?.confidence ?? null}, ${p.match?.regression ?? false}, ${JSON.stringify(r)}::jsonb)`;
    }),
  );

  // The counters ingestion keeps on hosts and signatures, and the kernels each host was seen with.
  await db.$executeRaw`
    UPDATE hosts h SET panic_count = a.n, first_panic_at = a.first, last_panic_at = a.last
    FROM (SELECT host_id, count(*)::int AS n, min(crash_time) AS first, max(crash_time) AS last FROM panics GROUP BY host_id) a
    WHERE h.id = a.host_id`;
  await db.$executeRaw`
    UPDATE signatures s SET panic_count = a.n, host_count = a.hosts, first_seen_at = a.first, last_seen_at = a.last
    FROM (SELECT signature_id, count(*)::int AS n, count(DISTINCT host_id)::int AS hosts, min(crash_time) AS first, max(crash_time) AS last
          FROM panics GROUP BY signature_id) a
    WHERE s.id = a.signature_id`;
  await db.$executeRaw`
    INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
    SELECT host_id, kernel_release, min(crash_time), max(crash_time), 'panic' FROM panics
    WHERE kernel_release IS NOT NULL GROUP BY host_id, kernel_release
    ON CONFLICT (host_id, kernel_release) DO NOTHING`;
}

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

async function main(args: string[]): Promise<void> {
  const started = performance.now();
  const env = loadEnv();
  const database = await resolveDatabase(env, log);
  process.env.DATABASE_URL = database.url;
  try {
    await prepareDatabase(database.url, log);
    await resetDb();
    const db = getDb();
    const existing = await db.panic.count();
    if (existing > 0 && !args.includes("--reset")) {
      log(
        `the database already holds ${existing} panics; run \`npm run demo -- --reset\` to replace them with the demo fleet`,
      );
      return;
    }
    if (existing > 0 || (await db.host.count()) > 0) {
      await db.$executeRaw`TRUNCATE panics, signatures, host_kernels, hosts, panic_rollups, panic_daily_rollups, panic_kernel_rollups, panic_host_counts RESTART IDENTITY CASCADE`;
      log("removed the existing hosts, panics and signatures");
    }

    const bugs = await loadKnownBugs();
    const templates = loadTemplates();
    const now = new Date();
    const { panics, hostnames } = generateFleet(
      templates,
      { hosts: option(args, "--hosts", 600), panics: option(args, "--panics", 6_000), now },
      bugs,
    );
    log(
      `parsed and matched ${panics.length} panics from ${templates.length} real crash texts (${Math.round(performance.now() - started)} ms)`,
    );
    await loadFleet(panics);

    // Some hosts have since been patched: their agent reports the newest kernel of their major.
    const random = createRandom(7);
    let patched = 0;
    for (const { hostname, major } of hostnames) {
      if (random.next() >= 0.15) continue;
      const newest = kernelsOfMajor(major).at(-1)!;
      const arch = "x86_64";
      await reportHostKernel(hostname, {
        kernelRelease: `${newest}.${arch}`,
        bootedAt: new Date(now.getTime() - random.int(1, 20) * DAY),
      });
      patched++;
    }
    await refreshHostUpdates();
    const [summary] = await db.$queryRaw<{ hosts: bigint; needs: bigint; signatures: bigint; unmatched: bigint }[]>`
      SELECT (SELECT count(*) FROM hosts) AS hosts, (SELECT count(*) FROM hosts WHERE needs_update) AS needs,
        (SELECT count(*) FROM signatures) AS signatures, (SELECT count(*) FROM signatures WHERE known_bug_id IS NULL) AS unmatched`;
    await db.$executeRaw`ANALYZE`;
    log(
      `loaded ${summary?.hosts} hosts, ${panics.length} panics, ${summary?.signatures} signatures (${summary?.unmatched} unmatched); ` +
        `${patched} hosts patched through the inventory API, ${summary?.needs} need an update — ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    log(database.embedded ? "start the dashboard with `npm start` and open http://localhost:" + env.PORT : "done");
  } finally {
    await resetDb();
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
