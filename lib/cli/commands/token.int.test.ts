import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

// A database with no tables, on the run's server: what `npx panicboard token create` finds before the
// dashboard has ever started.
const server = new URL(inject("databaseUrl"));
const name = `panicboard_test_empty_${Date.now().toString(36)}`;
const emptyUrl = Object.assign(new URL(server.toString()), { pathname: `/${name}` }).toString();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({
    connectionString: Object.assign(new URL(server.toString()), { pathname: "/postgres" }).toString(),
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("panicboard token on a database without tables", () => {
  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
  });

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("with PANICBOARD_AUTO_MIGRATE=0 says in one line what to run, without a stack trace", async () => {
    vi.resetModules();
    process.env.DATABASE_URL = emptyUrl;
    process.env.PANICBOARD_AUTO_MIGRATE = "0";
    const { run } = await import("./token");
    const result = capture();
    expect(await run(["create", "--name", "fleet"], result.io)).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([
      expect.stringMatching(/^panicboard: the database lacks \d+ migration\(s\) .*run npm run db:migrate first\n$/),
    ]);
  });

  it("applies the migrations first by default, then creates the token", async () => {
    vi.resetModules();
    process.env.DATABASE_URL = emptyUrl;
    delete process.env.PANICBOARD_AUTO_MIGRATE;
    const { run } = await import("./token");
    const result = capture();
    expect(await run(["create", "--name", "fleet"], result.io)).toBe(0);
    expect(result.out.join("")).toMatch(/^pb_[A-Za-z0-9_-]+\n$/);
    expect(result.err[0]).toMatch(/^panicboard: applied \d+ pending migration\(s\) to the database first\n$/);
    const listed = capture();
    expect(await run(["list"], listed.io)).toBe(0);
    expect(listed.out.join("")).toMatch(/^fleet\t/);
    expect(listed.err).toEqual([]);
  });
});
