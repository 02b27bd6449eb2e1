import { cookies, headers } from "next/headers";
import type { PrismaClient } from "../../../generated/prisma/client";
import { getDb } from "../db";
import { readDatabaseUrl, readDbAfter, readPrimaryLsn } from "./replica";

/** Holds the primary's WAL position after the user's last write, for reading their own writes. */
export const READ_AFTER_COOKIE = "panicboard_lsn";
/** The same for API clients, which keep no cookies: the `x-panicboard-write-lsn` a write answered. */
const READ_AFTER_HEADER = "x-panicboard-read-after";
/** Long enough for any replica worth reading from; a replica lagging longer sends the read to the primary. */
const READ_AFTER_MAX_AGE_S = 60;
const READ_AFTER_COOKIE_OPTIONS = { httpOnly: true, sameSite: "lax", path: "/", maxAge: READ_AFTER_MAX_AGE_S } as const;

/**
 * The client for page and API reads (lib/server/queries): the primary, or with DATABASE_READ_URL the
 * replica, once it has replayed this request's last write (its cookie or header; see rememberWrite).
 */
export async function getReadDb(): Promise<PrismaClient> {
  if (!readDatabaseUrl()) return getDb();
  return readDbAfter(await requestReadAfter());
}

async function requestReadAfter(): Promise<string | null> {
  try {
    return (await headers()).get(READ_AFTER_HEADER) ?? (await cookies()).get(READ_AFTER_COOKIE)?.value ?? null;
  } catch {
    return null; // outside a request (a script, the CLI): nothing to read back
  }
}

/**
 * After a write (a server action, an API POST): with a replica, notes the primary's WAL position in a
 * short-lived cookie, so that the writer's next reads wait for the replica to replay it (or go to the
 * primary). Returns the position (null without a replica, where there is nothing to wait for) and
 * whether the cookie is set: outside Next's request scope (a script, or the upload route as
 * scripts/server.ts serves it) the caller sets it, with `readAfterCookie`.
 */
export async function rememberWrite(): Promise<{ lsn: string | null; cookieSet: boolean }> {
  if (!readDatabaseUrl()) return { lsn: null, cookieSet: false };
  // The write is done: failing to note it must not turn its answer into an error.
  const lsn = await readPrimaryLsn().catch(() => null);
  if (!lsn) return { lsn: null, cookieSet: false };
  try {
    (await cookies()).set(READ_AFTER_COOKIE, lsn, READ_AFTER_COOKIE_OPTIONS);
    return { lsn, cookieSet: true };
  } catch {
    // Not in a request that may set cookies (a page render, a script, a route served outside Next).
    return { lsn, cookieSet: false };
  }
}

/** The Set-Cookie header value rememberWrite would have set for `lsn`. */
export function readAfterCookie(lsn: string): string {
  const { path, maxAge } = READ_AFTER_COOKIE_OPTIONS;
  return `${READ_AFTER_COOKIE}=${encodeURIComponent(lsn)}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`;
}
