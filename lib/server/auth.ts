import { timingSafeEqual } from "node:crypto";
import { loadEnv } from "../env";
import { ApiError } from "./errors";
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
    throw new ApiError(401, "unauthorized", "An API token is required: send 'Authorization: Bearer <token>' (create one with: npx panicboard token create --name NAME)");
  }
  const name = await verifyApiToken(token);
  if (!name) throw new ApiError(401, "unauthorized", "The API token is invalid or revoked");
  return name;
}

/** Reads are open unless PANICBOARD_READ_AUTH asks for a token or basic auth. */
export async function requireReadAccess(request: Request): Promise<void> {
  const env = loadEnv();
  if (env.PANICBOARD_READ_AUTH === "none") return;
  if (env.PANICBOARD_READ_AUTH === "token") {
    const token = bearerToken(request);
    if (!token || !(await verifyApiToken(token))) throw new ApiError(401, "unauthorized", "An API token is required to read");
    return;
  }
  const header = request.headers.get("authorization") ?? "";
  const expected = env.PANICBOARD_BASIC_AUTH ?? "";
  const given = header.toLowerCase().startsWith("basic ") ? Buffer.from(header.slice(6).trim(), "base64").toString("utf8") : "";
  if (!given || !safeEqual(given, expected)) throw new ApiError(401, "unauthorized", "Basic authentication is required");
}
