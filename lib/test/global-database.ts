import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../server/db/embedded";
import { applyMigrations } from "../server/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Creates a database of its own for this test run on DATABASE_URL's server (or on an embedded
 * PostgreSQL when DATABASE_URL is unset), applies the migrations, and drops it afterwards.
 */
export default async function setup(project: TestProject) {
  const name = `panicboard_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const port = Number(process.env.PANICBOARD_TEST_PG_PORT ?? 54349);
    const embedded = await startEmbeddedDatabase({ dataDir: `.data/test-pg-${port}`, port, database: "postgres" });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await applyMigrations(databaseUrl);
  console.log(`integration: database ${name} on ${url.host}${stopEmbedded ? " (embedded)" : ""}`);
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
    await stopEmbedded?.();
  };
}
