import { readMigrationStatus } from "../db/migration-status";
import { databaseUrl } from "../db";

export interface Health {
  ok: boolean;
  database: "reachable" | "unreachable";
  migrations: { applied: number; pending: string[]; failed: string[] };
  error?: string;
}

/** Healthy when the database answers and every migration in prisma/migrations is applied. */
export async function checkHealth(): Promise<Health> {
  let url: string;
  try {
    url = databaseUrl();
  } catch (error) {
    return {
      ok: false,
      database: "unreachable",
      migrations: { applied: 0, pending: [], failed: [] },
      error: (error as Error).message,
    };
  }
  const status = await readMigrationStatus(url);
  if (status.error) console.error(`panicboard: health check: ${status.error}`);
  return {
    ok: status.reachable && status.pending.length === 0 && status.failed.length === 0,
    database: status.reachable ? "reachable" : "unreachable",
    migrations: { applied: status.applied.length, pending: status.pending, failed: status.failed },
    // The driver's message can name the database host and user: log it, answer only that it failed.
    ...(status.error ? { error: "the database did not answer; see the server log" } : {}),
  };
}
