import type { NextRequest } from "next/server";
import { ACCESS_LEVELS, type Access, requireAccess } from "../auth";
import { errorResponse } from "./response";

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
    try {
      await requireAccess(access, request);
      const params = ((await context?.params) ?? {}) as Params;
      return await handler(request, { params });
    } catch (error) {
      return errorResponse(error);
    }
  };
  // Readable on the exported verb, so a test can list every route's access.
  return Object.assign(route, { access });
}
