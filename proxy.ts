import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "./lib/env";
import { hasReadAccess } from "./lib/server/auth";
import { AppError } from "./lib/server/errors";
import { refusalOf } from "./lib/server/http/guard";
import { errorResponse, errorTextResponse } from "./lib/server/http/response";
import {
  API_CONTENT_SECURITY_POLICY,
  createNonce,
  isServedOverTls,
  pageContentSecurityPolicy,
  securityHeaders,
} from "./lib/server/http/security-headers";

/** API routes check their own access (each declares it with handle()); hosts download the agent files. */
const OWN_ACCESS = /^\/(api\/|_next\/static\/|_next\/image|favicon\.ico$|panicboard-report)/;

/**
 * In front of every request but uploads (Node.js runtime; see `config`): answers only the host names
 * this dashboard is known by (421 otherwise: DNS rebinding), refuses paths with malformed percent
 * escapes (400), asks for credentials on dashboard pages when PANICBOARD_READ_AUTH says so, and sets
 * the security headers, with a fresh nonce in each page's Content-Security-Policy (Next adds it to its
 * own inline scripts).
 */
export async function proxy(request: NextRequest) {
  const env = loadEnv();
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const tls = isServedOverTls(request, env);
  const nonce = isApi ? null : createNonce();
  const csp = nonce
    ? pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development")
    : API_CONTENT_SECURITY_POLICY;
  const headers = securityHeaders(csp, tls);
  const refuse = (error: AppError, extra: Record<string, string> = {}) =>
    isApi
      ? errorResponse(error, { headers: { ...headers, ...extra } })
      : errorTextResponse(error, { headers: { ...headers, ...extra } });

  const refusal = await refusalOf(request, env);
  if (refusal) return refuse(refusal);
  if (!OWN_ACCESS.test(pathname) && env.PANICBOARD_READ_AUTH !== "none" && !(await hasReadAccess(request, env))) {
    // A browser answers the challenge with a basic-auth prompt (an API token as the password with "token").
    return refuse(new AppError("unauthorized", "Authentication required"), {
      "www-authenticate": 'Basic realm="panicboard", charset="UTF-8"',
    });
  }

  const requestHeaders = new Headers(request.headers);
  if (nonce) {
    // Next reads the nonce from the request's CSP header while rendering and puts it on its scripts.
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every request but the upload endpoint, /api/panics: a kdump stampede's hot path, where running the
  // proxy costs each upload a second request object (with a cloneable copy of its body) and a response.
  // Every API route, that one included, runs the same Host and path checks and sets the same headers
  // itself (handle() in lib/server/http/handle.ts). "/" is listed on its own: the pattern needs a segment.
  matcher: ["/", "/((?!api/panics$).*)"],
};
