import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Env } from "../env";
import { getDb } from "./db";
import { AppError } from "./errors";
import { hostOfHeader } from "./http/allowed-hosts";
import { hashToken, verifyApiToken } from "./services/tokens";

/**
 * Dashboard sessions (app/sign-in): a browser that proved an API token (or, with
 * PANICBOARD_READ_AUTH=basic, the basic-auth credentials) gets a cookie holding a random id; only the
 * id's sha-256 is stored, with an expiry and the token it was proved with, so revoking the token ends
 * the session. The cookie never holds the token. Pure of Next (no next/headers): testable as is.
 */
export const SESSION_COOKIE = "panicboard_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Who a write is made by: the API token's name or the basic-auth user; "anonymous" with open writes. */
export interface Writer {
  name: string;
  via: "session" | "token" | "open";
}

export type SignInCredentials = { token: string } | { user: string; password: string };

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A cookie value is 32 random bytes in base64url: anything else is refused without a lookup. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Checks the credentials and opens a session: returns the cookie value (shown to nobody but the
 * browser) and who signed in. Refuses with `unauthorized`, naming no detail of which part was wrong.
 */
export async function createSession(
  credentials: SignInCredentials,
  env: Pick<Env, "PANICBOARD_READ_AUTH" | "PANICBOARD_BASIC_AUTH">,
  now = new Date(),
): Promise<{ cookie: string; principal: string; expiresAt: Date }> {
  const db = getDb();
  let principal: string;
  let apiTokenId: number | null = null;
  let credentialHash: string | null = null;
  if ("token" in credentials) {
    const name = await verifyApiToken(credentials.token.trim());
    const row = name
      ? await db.apiToken.findUnique({
          where: { tokenHash: hashToken(credentials.token.trim()) },
          select: { id: true },
        })
      : null;
    if (!name || !row) throw new AppError("unauthorized", "The API token is invalid or revoked");
    principal = name;
    apiTokenId = row.id;
  } else {
    const configured = env.PANICBOARD_READ_AUTH === "basic" ? env.PANICBOARD_BASIC_AUTH : undefined;
    if (!configured || !safeEqual(`${credentials.user}:${credentials.password}`, configured)) {
      throw new AppError("unauthorized", "The user name or password is wrong");
    }
    principal = credentials.user;
    credentialHash = sha256(configured);
  }
  const cookie = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.dashboardSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.dashboardSession.create({
    data: { idHash: sha256(cookie), principal, apiTokenId, credentialHash, expiresAt },
  });
  return { cookie, principal, expiresAt };
}

/**
 * The session a cookie names, when it exists, has not expired and its credential still holds (the
 * token is not revoked; the basic-auth credentials are still PANICBOARD_BASIC_AUTH under
 * PANICBOARD_READ_AUTH=basic). Null otherwise, also for a forged or malformed value.
 */
export async function readSession(
  cookie: string | undefined,
  env: Pick<Env, "PANICBOARD_READ_AUTH" | "PANICBOARD_BASIC_AUTH">,
  now = new Date(),
): Promise<{ principal: string; expiresAt: Date } | null> {
  if (!cookie || !SESSION_ID.test(cookie)) return null;
  const row = await getDb().dashboardSession.findUnique({
    where: { idHash: sha256(cookie) },
    select: { principal: true, expiresAt: true, credentialHash: true, apiToken: { select: { revokedAt: true } } },
  });
  if (!row || row.expiresAt <= now) return null;
  if (row.apiToken) {
    if (row.apiToken.revokedAt) return null;
  } else {
    const configured = env.PANICBOARD_READ_AUTH === "basic" ? env.PANICBOARD_BASIC_AUTH : undefined;
    if (!configured || !row.credentialHash || !safeEqual(row.credentialHash, sha256(configured))) return null;
  }
  return { principal: row.principal, expiresAt: row.expiresAt };
}

/** Ends a session (sign out); unknown values are ignored. */
export async function deleteSession(cookie: string | undefined): Promise<void> {
  if (!cookie || !SESSION_ID.test(cookie)) return;
  await getDb().dashboardSession.deleteMany({ where: { idHash: sha256(cookie) } });
}

/** Whether the Origin a browser sent names the host the request was made to (X-Forwarded-Host behind a proxy). */
function isSameOrigin(origin: string, headers: Headers): boolean {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return false;
  try {
    const url = new URL(origin);
    return hostOfHeader(url.host) !== null && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // "null" (a sandboxed frame, a file:// page) or garbage.
  }
}

function bearerToken(headers: Headers): string | null {
  const header = headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return headers.get("x-panicboard-token")?.trim() || null;
}

/**
 * Who may write through a server action (the dashboard's Upload page, Create known bug, edits):
 * a request from another site is refused whatever it carries (CSRF); then a valid session cookie or
 * an API token (Bearer, for scripts) is required, unless PANICBOARD_WRITE_AUTH=none opened writes to
 * anyone. A request without an Origin header (no browser sends a server action without one) gets no
 * pass: it needs the same credential.
 */
export async function resolveActionWriter(
  headers: Headers,
  sessionCookie: string | undefined,
  env: Pick<Env, "PANICBOARD_WRITE_AUTH" | "PANICBOARD_READ_AUTH" | "PANICBOARD_BASIC_AUTH">,
): Promise<Writer> {
  const origin = headers.get("origin");
  if (origin !== null && !isSameOrigin(origin, headers)) {
    throw new AppError("unauthorized", "Refused: the request comes from another site");
  }
  const session = await readSession(sessionCookie, env);
  if (session) return { name: session.principal, via: "session" };
  const token = bearerToken(headers);
  if (token) {
    const name = await verifyApiToken(token);
    if (name) return { name, via: "token" };
  }
  if (env.PANICBOARD_WRITE_AUTH === "none") return { name: "anonymous", via: "open" };
  throw new AppError("unauthorized", "Sign in to write: open /sign-in and enter an API token");
}
