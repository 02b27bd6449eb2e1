import { timingSafeEqual } from "node:crypto";
import { loadEnv, type Env } from "../env";
import { AppError } from "./errors";
import { verifyApiToken } from "./services/tokens";

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return request.headers.get("x-panicboard-token")?.trim() || null;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Writes through the API (uploads, inventory) need a valid API token unless PANICBOARD_WRITE_AUTH=none. */
export async function requireWriteAccess(request: Request): Promise<string | null> {
  if (loadEnv().PANICBOARD_WRITE_AUTH === "none") return null;
  const token = bearerToken(request);
  if (!token) {
    throw new AppError(
      "unauthorized",
      "An API token is required: send 'Authorization: Bearer <token>' (create one with: npx panicboard token create --name NAME)",
    );
  }
  const name = await verifyApiToken(token);
  if (!name) throw new AppError("unauthorized", "The API token is invalid or revoked");
  return name;
}

function basicCredentials(request: Request): { user: string; password: string } | null {
  const header = request.headers.get("authorization") ?? "";
  if (!header.toLowerCase().startsWith("basic ")) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Reads (API GETs and dashboard pages) are open unless PANICBOARD_READ_AUTH says otherwise:
 * `basic` wants PANICBOARD_BASIC_AUTH's user:password; `token` wants an API token, as a Bearer token
 * (scripts) or as the password of basic auth with any user name (browsers).
 */
export async function hasReadAccess(request: Request, env: Env = loadEnv()): Promise<boolean> {
  if (env.PANICBOARD_READ_AUTH === "none") return true;
  const basic = basicCredentials(request);
  if (env.PANICBOARD_READ_AUTH === "basic") {
    return basic !== null && safeEqual(`${basic.user}:${basic.password}`, env.PANICBOARD_BASIC_AUTH ?? "");
  }
  const token = bearerToken(request) ?? basic?.password ?? null;
  return token !== null && (await verifyApiToken(token)) !== null;
}

async function requireReadAccess(request: Request): Promise<void> {
  if (!(await hasReadAccess(request))) {
    throw new AppError("unauthorized", "Reading needs credentials: see PANICBOARD_READ_AUTH in the README");
  }
}

/** Who may call a route handler: anyone, whoever may read the dashboard, or holders of an API token. */
export const ACCESS_LEVELS = ["public", "read", "write"] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** Throws `unauthorized` unless the request has the access a handler declared. */
export async function requireAccess(access: Access, request: Request): Promise<void> {
  if (access === "read") await requireReadAccess(request);
  else if (access === "write") await requireWriteAccess(request);
}
