import type pg from "pg";
import { getPool } from "../db";
import { isRetryableConflict } from "./pg-errors";

/** pg keeps the socket of a client here; a Writable, so that several queries can leave in one write. */
interface WithSocket {
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

/**
 * Runs `send` with the client's socket corked: the queries it issues (pipelined, so each one is
 * written at once) go out in one write instead of one each, and PostgreSQL wakes up once for them.
 */
function inOneWrite<T>(client: pg.PoolClient, send: () => T): T {
  const socket = (client as unknown as WithSocket).connection?.stream;
  socket?.cork?.();
  try {
    return send();
  } finally {
    socket?.uncork?.();
  }
}

export interface Transaction {
  client: pg.PoolClient;
  /** Runs the transaction's last statements and commits, in one round trip. */
  finish(...queries: pg.QueryConfig[]): Promise<void>;
}

/**
 * A transaction on one pooled connection, in as few round trips as the work allows: the pool
 * pipelines (lib/server/db.ts), so BEGIN goes out in one write with the statements the work issues
 * before it first awaits, and `finish` sends the last statements together with COMMIT. When a
 * statement fails, the ones queued behind it fail too (the transaction is aborted; a COMMIT there
 * only rolls back) and the error of the first one is thrown after a ROLLBACK. A deadlock (an upload
 * racing a re-match that moves the same rollup rows) is retried a few times before it becomes an
 * error.
 */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await getPool().connect();
    // While checked out, a client whose connection drops emits 'error' with no pool listener left to
    // hear it; its queries fail anyway (and the ROLLBACK below finds it broken).
    client.on("error", ignoreConnectionError);
    let committed = false;
    const commit = async (sent: Promise<pg.QueryResult>) => {
      // COMMIT in a transaction that a caught error aborted does not fail: it answers ROLLBACK.
      if ((await sent).command !== "COMMIT")
        throw new Error("the transaction was rolled back: one of its statements failed");
      committed = true;
    };
    const finish = async (...queries: pg.QueryConfig[]) => {
      const [statements, sent] = inOneWrite(
        client,
        () => [queries.map((query) => client.query(query)), client.query("COMMIT")] as const,
      );
      await Promise.all([...statements, commit(sent)]);
    };
    let begin: Promise<unknown> = Promise.resolve();
    try {
      // BEGIN and the statements the work issues before its first await leave together.
      const working = inOneWrite(client, () => {
        begin = client.query("BEGIN");
        return work({ client, finish });
      });
      const [, result] = await Promise.all([begin, working]);
      if (!committed) await commit(client.query("COMMIT"));
      release(client);
      return result;
    } catch (error) {
      if (committed) {
        // The work failed after its data was committed: nothing to roll back, and running it again
        // would apply it twice.
        release(client);
        throw error;
      }
      await begin.catch(() => {});
      // A connection that cannot even roll back is broken: the pool discards it instead of reusing it.
      const broken = await client.query("ROLLBACK").then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      release(client, broken);
      if (attempt < attempts && isRetryableConflict(error)) continue;
      throw error;
    }
  }
}

function ignoreConnectionError(): void {}

function release(client: pg.PoolClient, broken?: Error): void {
  client.off("error", ignoreConnectionError);
  client.release(broken);
}
