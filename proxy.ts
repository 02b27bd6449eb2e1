import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "./lib/env";
import { hasReadAccess } from "./lib/server/auth";

/**
 * Optional read protection of the dashboard pages (PANICBOARD_READ_AUTH=basic|token). API routes check
 * their own access (tokens for writes, the same read rule for GETs) and are not matched here; neither
 * are the files hosts download (the agent script) nor the health check.
 */
export async function proxy(request: NextRequest) {
  const env = loadEnv();
  if (env.PANICBOARD_READ_AUTH === "none" || (await hasReadAccess(request, env))) return NextResponse.next();
  return new NextResponse("Authentication required\n", {
    status: 401,
    headers: {
      "www-authenticate": 'Basic realm="panicboard", charset="UTF-8"',
      "content-type": "text/plain; charset=utf-8",
    },
  });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|panicboard-report).*)"],
};
