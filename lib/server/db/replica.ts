import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../../generated/prisma/client";
import { getDb, getPool } from "../db";
import { processState } from "../process-state";

/** How long a read waits for the replica to replay the reader's last write before it goes to the primary. */
const READ_YOUR_WRITES_WAIT_MS = 2000;
const POLL_MS = 10;

interface Replica {
  pool: pg.Pool;
  db: PrismaClient;
  /** The highest replay position this process has seen the replica reach: a read after it needs no check. */
  replayed: bigint;
}

const shared = processState("replica", () => ({ replica: undefined as Replica | undefined }));

/** DATABASE_READ_URL: a streaming replica of DATABASE_URL that takes page and API reads. */
export function readDatabaseUrl(): string | undefined {
  return process.env.DATABASE_READ_URL || undefined;
}

function getReplica(): Replica | null {
  const url = readDatabaseUrl();
  if (!url) return null;
  if (!shared.replica) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PANICBOARD_DB_POOL_SIZE ?? 10) });
    // A replica that restarts must not take the process down: its reads fail, the next ones reconnect.
    pool.on("error", () => {});
    shared.replica = { pool, db: new PrismaClient({ adapter: new PrismaPg(pool) }), replayed: 0n };
  }
  return shared.replica;
}

/** A WAL position (`16/B374D848`, as pg_lsn prints it) as a number, or null when it is not one. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text?.trim() ?? "");
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : null;
}

/** The primary's current WAL position: every transaction committed before this call lies at or before it. */
export async function readPrimaryLsn(): Promise<string> {
  const { rows } = await getPool().query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  return rows[0]!.lsn;
}

/**
 * The client for a read by someone whose last write committed at `after` (a primary WAL position, or
 * null when they wrote nothing recently): the replica once it has replayed that far, waiting up to
 * `waitMs` for it; the primary when it lags longer, cannot be asked, or no replica is configured.
 */
export async function readDbAfter(after: string | null, waitMs = READ_YOUR_WRITES_WAIT_MS): Promise<PrismaClient> {
  const replica = getReplica();
  if (!replica) return getDb();
  const target = parseLsn(after);
  if (target === null || replica.replayed >= target) return replica.db;
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      const { rows } = await replica.pool.query<{ lsn: string | null }>("SELECT pg_last_wal_replay_lsn()::text AS lsn");
      // Null: the server is not in recovery (a promoted replica, or the primary itself): it has everything.
      if (rows[0]?.lsn == null) return replica.db;
      const replayed = parseLsn(rows[0].lsn) ?? 0n;
      if (replayed > replica.replayed) replica.replayed = replayed;
      if (replayed >= target) return replica.db;
      if (Date.now() + POLL_MS > deadline) return getDb();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch {
    return getDb();
  }
}

/** For tests that point the process at another replica. */
export async function resetReplica(): Promise<void> {
  const { replica } = shared;
  shared.replica = undefined;
  await replica?.db.$disconnect();
  await replica?.pool.end().catch(() => {});
}
