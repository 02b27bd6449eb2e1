import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "./lib/env";
import { hasReadAccess } from "./lib/server/auth";
import { AppError } from "./lib/server/errors";
import { errorTextResponse } from "./lib/server/http/response";

/**
 * Optional read protection of the dashboard pages (PANICBOARD_READ_AUTH=basic|token). API routes check
 * their own access (each declares it with handle()) and are not matched here; neither are the files
 * hosts download (the agent script) nor the health check.
 */
export async function proxy(request: NextRequest) {
  const env = loadEnv();
  if (env.PANICBOARD_READ_AUTH === "none" || (await hasReadAccess(request, env))) return NextResponse.next();
  // A browser answers the challenge with a basic-auth prompt (an API token as the password with "token").
  return errorTextResponse(new AppError("unauthorized", "Authentication required"), {
    headers: { "www-authenticate": 'Basic realm="panicboard", charset="UTF-8"' },
  });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|panicboard-report).*)"],
};
