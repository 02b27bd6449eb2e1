/**
 * What a database failure means for the caller, read off whatever the driver threw: `pg`'s errors
 * (`code`: a SQLSTATE, or a socket's errno name beside its `syscall`), Prisma's driver-adapter errors (`cause.originalCode`,
 * `cause.kind`) and Prisma's own (`code` P1001..., `meta.driverAdapterError`), several levels of
 * `cause` deep.
 */

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction may simply run again. */
const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * The database is not there for now, and the same request may succeed in a few seconds: PostgreSQL
 * starting up, shutting down or in crash recovery (57P01-57P03), out of connections (53300), or a
 * connection that failed or broke (08000-08006; not 08P01, a protocol violation, which is a bug).
 * SQLSTATEs and Prisma's codes come only from the database driver.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
/** Prisma: can't reach the server, timed out reaching it, the server closed the connection, the pool timed out. */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/**
 * Socket errors count only from a socket call (`syscall`): an upload whose client went away fails
 * reading its body with `aborted` (ECONNRESET too, but no syscall), which is no database's fault.
 */
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** pg's and pg-pool's own words for a connection that broke or never came. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command)/i;

interface ErrorFacts {
  codes: string[];
  /** Codes of errors raised by a socket call (`syscall` set). */
  socketCodes: string[];
  kinds: string[];
  messages: string[];
}

function factsOf(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], socketCodes: [], kinds: [], messages: [] };
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value !== "object" || value === null || seen.has(value) || depth > 4) return;
    seen.add(value);
    const e = value as Record<string, unknown>;
    for (const key of ["code", "originalCode"]) if (typeof e[key] === "string") facts.codes.push(e[key]);
    if (typeof e.code === "string" && typeof e.syscall === "string") facts.socketCodes.push(e.code);
    if (typeof e.kind === "string") facts.kinds.push(e.kind);
    if (typeof e.message === "string") facts.messages.push(e.message);
    visit(e.cause, depth + 1);
    visit((e.meta as Record<string, unknown> | undefined)?.driverAdapterError, depth + 1);
  };
  visit(error, 0);
  return facts;
}

/** Whether `error` is a deadlock or a serialization failure, which the transaction may simply retry. */
export function isRetryableConflict(error: unknown): boolean {
  const { codes, messages } = factsOf(error);
  if (codes.some((code) => RETRYABLE.has(code))) return true;
  return messages.some((message) => /deadlock detected|could not serialize access/i.test(message));
}

/** Whether `error` says the database is unreachable or restarting for now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { codes, socketCodes, kinds, messages } = factsOf(error);
  return (
    codes.some((code) => UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_PRISMA_CODES.has(code)) ||
    socketCodes.some((code) => UNAVAILABLE_SOCKET_CODES.has(code)) ||
    kinds.some((kind) => UNAVAILABLE_KINDS.has(kind)) ||
    messages.some((message) => UNAVAILABLE_MESSAGE.test(message))
  );
}
