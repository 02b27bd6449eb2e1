import type { NextRequest } from "next/server";
import { loadEnv } from "../../env";
import { ACCESS_LEVELS, type Access, requireAccess } from "../auth";
import { readAfterCookie, rememberWrite } from "../db/read";
import { checkRateLimit, clientAddress, rateLimitKey } from "./rate-limit";
import { refusalOf } from "./guard";
import { errorResponse } from "./response";
import { API_CONTENT_SECURITY_POLICY, isServedOverTls, securityHeaders } from "./security-headers";

export interface HandlerOptions {
  /** Checked before the handler runs: "public" (anyone), "read" (PANICBOARD_READ_AUTH), "write" (an API token). */
  access: Access;
}

/** A route handler's own code: the access check is done and the route's params are resolved. */
export type Handler<Params> = (request: NextRequest, context: { params: Params }) => Promise<Response>;

/**
 * Declares a route handler with its access: `export const POST = handle({ access: "write" }, async (request) => ...)`.
 * The access check runs before the handler and every error thrown becomes `{ error, message, details? }`
 * with its code's status. A handler without a valid access declaration is refused when the route
 * module loads, so a route cannot forget its check.
 */
export function handle<Params extends Record<string, string> = Record<string, never>>(
  options: HandlerOptions,
  handler: Handler<Params>,
) {
  const access = options?.access;
  if (!ACCESS_LEVELS.includes(access)) {
    throw new Error(`handle(): declare the handler's access as one of ${ACCESS_LEVELS.join(", ")} (got ${access})`);
  }
  const route = async (request: NextRequest, context?: { params: Promise<Params> }): Promise<Response> => {
    const env = loadEnv();
    const headers = securityHeaders(API_CONTENT_SECURITY_POLICY, isServedOverTls(request, env));
    // proxy.ts ran the same check on most paths, but not on all (see its matcher): each route runs it.
    const refusal = await refusalOf(request, env);
    if (refusal) return errorResponse(refusal, { headers });
    return withHeaders(await run(request, context), headers);
  };
  const run = async (request: NextRequest, context?: { params: Promise<Params> }): Promise<Response> => {
    try {
      // Health checks are never limited. A refused token counts against its address, so that guessing
      // tokens is limited too; an accepted one against itself (one fleet, one bucket).
      if (access !== "public") {
        const who = rateLimitKey(request);
        try {
          await requireAccess(access, request);
        } catch (error) {
          if (who.kind === "token") checkRateLimit(request, { kind: "address", key: clientAddress(request) });
          throw error;
        }
        checkRateLimit(request, who);
      }
      const params = ((await context?.params) ?? {}) as Params;
      const response = await handler(request, { params });
      if (access === "write") await markWriteOn(response);
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
  // Readable on the exported verb, so a test can list every route's access.
  return Object.assign(route, { access });
}

/** The API's security headers on a handler's answer (a handler's own values win; Next keeps the proxy's where it ran). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers))
      if (!response.headers.has(name)) response.headers.set(name, value);
  } catch {
    // Immutable headers (Response.redirect): proxy.ts set them on the way out, except for /api/panics.
  }
  return response;
}

/**
 * With a read replica: the writer's next reads wait for this write (lib/server/db/read.ts). Browsers
 * keep the cookie rememberWrite sets; scripts may send the header back as `x-panicboard-read-after`.
 */
async function markWriteOn(response: Response): Promise<void> {
  const { lsn, cookieSet } = await rememberWrite();
  try {
    if (lsn) response.headers.set("x-panicboard-write-lsn", lsn);
    if (lsn && !cookieSet) response.headers.append("set-cookie", readAfterCookie(lsn));
  } catch {
    // A response with immutable headers (Response.redirect): the cookie still carries the position.
  }
}
