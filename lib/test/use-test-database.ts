import { afterAll, inject } from "vitest";
import { resetDb } from "../server/db";

// Point lib/server/db at this run's database before any test touches it.
process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  await resetDb();
});
