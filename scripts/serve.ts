/**
 * `npm start` / `npm run dev`: the dashboard on http://localhost:$PORT.
 * Uses DATABASE_URL, or starts the embedded PostgreSQL (data under PANICBOARD_DATA_DIR) when it is
 * unset; applies migrations; then runs the production server, scripts/server.ts (building first when no
 * build exists), or `next dev`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { loadEnv } from "../lib/env";
import { resetDb } from "../lib/server/db";
import { resolveDatabase } from "../lib/server/db/resolve";
import { isBuildCurrent } from "./build-state";
import { prepareDatabase } from "../lib/server/startup";

const log = (line: string) => console.log(`panicboard: ${line}`);
const nextBin = resolve("node_modules", "next", "dist", "bin", "next");

/**
 * V8 flags for the server (scripts/server.ts, or next dev): a young generation of 32 MB per semi-space
 * (16 by default), so that the garbage of each request dies young instead of being promoted and
 * collected by full GCs. In
 * `npm run bench:ingest` it gave 263 and 293 uploads/s against 237 and 247 without, in alternating
 * runs (docs/scaling.md), for about 50 MB more memory. NODE_OPTIONS setting it wins.
 */
function nodeFlags(): string[] {
  return /--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "") ? [] : ["--max-semi-space-size=32"];
}

async function main(mode: string | undefined): Promise<number> {
  if (mode !== "start" && mode !== "dev") {
    console.error("usage: serve.ts start|dev");
    return 2;
  }
  const env = loadEnv();
  const distDir = process.env.PANICBOARD_DIST_DIR ?? ".next";
  if (mode === "start" && !existsSync(resolve(distDir, "BUILD_ID"))) {
    log(`no production build in ${distDir}: running next build first`);
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
    if (build.status !== 0) return build.status ?? 1;
  } else if (mode === "start" && !isBuildCurrent(distDir)) {
    // Not rebuilt here (a build takes minutes, longer than a supervisor waits for a start): said.
    log(
      `WARNING: the build in ${distDir} is older than the code (app/, lib/, ...): run npm run build. Until then pages run the build and uploads the code (scripts/server.ts loads their route from source).`,
    );
  }

  const db = await resolveDatabase(env, log);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await db.stop().catch(() => {});
    process.exit(code);
  };
  process.env.DATABASE_URL = db.url;
  try {
    await prepareDatabase(db.url, log, { migrate: env.PANICBOARD_AUTO_MIGRATE });
    await resetDb();
  } catch (error) {
    console.error(`panicboard: could not prepare the database: ${(error as Error).message}`);
    await stop(1);
  }

  // start: scripts/server.ts, Next's handler with uploads taken off its pipeline; dev: `next dev`.
  const command =
    mode === "start" ? ["--import", "tsx/esm", "scripts/server.ts"] : [nextBin, "dev", "--port", String(env.PORT)];
  const child = spawn(process.execPath, [...nodeFlags(), ...command], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...(mode === "start" ? { NODE_ENV: "production" } : {}),
      DATABASE_URL: db.url,
      PANICBOARD_DATABASE_PREPARED: "1",
    },
  });
  let forwarded: NodeJS.Signals | null = null;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      forwarded = signal;
      child.kill(signal);
    });
  }
  // A stop we asked for is a clean exit; Next dying of any other signal (e.g. the OOM killer) is a
  // failure, so that a supervisor's Restart=on-failure restarts it.
  child.on("exit", (code, signal) => {
    void stop(code ?? (signal !== null && signal === forwarded ? 0 : 1));
  });
  log(`dashboard on http://localhost:${env.PORT}${db.embedded ? " (embedded PostgreSQL)" : ""}`);
  if (env.PANICBOARD_ALLOWED_HOSTS.length === 0 && !env.PANICBOARD_PUBLIC_URL) {
    log(
      `it answers to localhost, IP addresses and ${hostname()} only (421 otherwise): set PANICBOARD_ALLOWED_HOSTS for other names`,
    );
  }
  if (env.PANICBOARD_WRITE_AUTH === "none") {
    log(
      "WARNING: WRITES ARE OPEN (PANICBOARD_WRITE_AUTH=none): anyone who reaches the dashboard can upload, and create, edit and delete known bugs, without signing in. For a lab only.",
    );
  } else {
    log(
      `${env.PANICBOARD_READ_AUTH === "none" ? "anyone who reaches the dashboard can read it (PANICBOARD_READ_AUTH=none); " : ""}uploading and changing known bugs need an API token (the dashboard's Sign in page; npx panicboard token create --name NAME)`,
    );
  }
  return new Promise<number>(() => {});
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`panicboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
