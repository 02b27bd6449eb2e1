import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

export interface ScratchDatabase {
  /** Its connection URL (on the run's PostgreSQL). */
  url: string;
  /** A client connected to it, from beforeAll on. */
  client(): pg.Client;
}

/**
 * An empty database of the describe block's own, beside the run's test database (named after it, with
 * `suffix`), for a test that migrates step by step: created before the block's tests, dropped after.
 */
export function useScratchDatabase(suffix: string): ScratchDatabase {
  const testUrl = new URL(inject("databaseUrl"));
  const name = `${testUrl.pathname.slice(1)}_${suffix}`;
  const url = Object.assign(new URL(testUrl), { pathname: `/${name}` }).toString();
  let client: pg.Client | undefined;
  const asAdmin = async (sql: string) => {
    const admin = new pg.Client({ connectionString: testUrl.toString() });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    await asAdmin(`CREATE DATABASE "${name}"`);
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  return {
    url,
    client() {
      if (!client) throw new Error("the scratch database is connected in beforeAll");
      return client;
    },
  };
}
