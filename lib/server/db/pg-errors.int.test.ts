import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PrismaClient } from "../../../generated/prisma/client";
import { freePort } from "../../test/pg-cluster";
import { getPool } from "../db";
import { toAppError } from "../errors";
import { isDatabaseUnavailable } from "./pg-errors";

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the database call to fail");
    },
    (error: unknown) => error,
  );

/** A connection of its own to the test database, to be ended by the server, and its backend's pid. */
async function connectVictim(): Promise<{ victim: pg.Client; pid: number }> {
  const victim = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await victim.connect();
  victim.on("error", () => {});
  const pid = (await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  return { victim, pid };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a database that is down or restarting answers 503 unavailable, not 500", () => {
  it("reads a refused connection, from pg and through Prisma's driver adapter", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const url = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const client = new pg.Client({ connectionString: url });
    const refused = await failureOf(client.connect());
    expect(isDatabaseUnavailable(refused)).toBe(true);
    const pool = new pg.Pool({ connectionString: url });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    try {
      const viaPrisma = await failureOf(prisma.host.count());
      expect(isDatabaseUnavailable(viaPrisma)).toBe(true);
      const answer = toAppError(viaPrisma, "The upload");
      expect(answer.code).toBe("unavailable");
      expect(answer.details).toEqual({ retryAfter: 2 });
      expect(answer.message).not.toContain(url);
    } finally {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    }
  });

  it("reads a connection the server ended (57P01, as in a fast shutdown or a crash restart) during a query", async () => {
    const { victim, pid } = await connectVictim();
    const ended = failureOf(victim.query("SELECT pg_sleep(30)"));
    // The sleep is running once the backend shows it: then the FATAL answers that query.
    await vi.waitFor(async () => {
      const { rows } = await getPool().query(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'",
        [pid],
      );
      expect(rows).toHaveLength(1);
    });
    await getPool().query("SELECT pg_terminate_backend($1, 10000)", [pid]);
    expect(isDatabaseUnavailable(await ended)).toBe(true);
    await victim.end().catch(() => {});
  });

  it("reads a connection the server ended between two queries (pg: not queryable)", async () => {
    const { victim, pid } = await connectVictim();
    // With a timeout it returns once the backend is gone: the query finds the connection closed.
    await getPool().query("SELECT pg_terminate_backend($1, 10000)", [pid]);
    const ended = await failureOf(victim.query("SELECT 1"));
    expect((ended as Error).message).toMatch(/not queryable|Connection terminated/);
    expect(isDatabaseUnavailable(ended)).toBe(true);
    await victim.end().catch(() => {});
  });

  it("survives the server ending an idle pooled connection: the pool drops it and goes on", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const pool = getPool();
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    client.release();
    const before = pool.totalCount;
    // From a connection of its own: the pool would hand out the idle one to end itself.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1, 10000)", [pid]);
    await admin.end();
    // The pool heard the idle client's error (an unheard 'error' would fail this test) and dropped it.
    await vi.waitFor(() => expect(pool.totalCount).toBe(before - 1));
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/idle database connection closed/));
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
  });

  it("leaves every other database error an internal error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const division = await failureOf(getPool().query("SELECT * FROM (VALUES (1), (1)) v(x) GROUP BY x HAVING 1/0 = 1"));
    expect(isDatabaseUnavailable(division)).toBe(false);
    expect(toAppError(division).code).toBe("internal_error");
    const syntax = await failureOf(getPool().query("SELEKT 1"));
    expect(toAppError(syntax).code).toBe("internal_error");
    // A client that went away mid-upload: Node's body stream fails with `aborted`, ECONNRESET, no syscall.
    expect(isDatabaseUnavailable(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBe(false);
    // 08P01 protocol_violation is a bug of ours (a statement's parameters), not a connection to wait for.
    const violation = Object.assign(
      new Error("bind message supplies 1 parameters, but prepared statement requires 2"),
      {
        code: "08P01",
        severity: "ERROR",
      },
    );
    expect(isDatabaseUnavailable(violation)).toBe(false);
  });
});
