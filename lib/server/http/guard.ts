import type { Env } from "../../env";
import { AppError } from "../errors";
import { hostPolicy, isAllowedHost } from "./allowed-hosts";

function hasValidEscapes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * The checks every request passes before anything reads it: the Host header names this dashboard
 * (421 otherwise: DNS rebinding) and the path's percent escapes decode (400). proxy.ts runs them for
 * pages and handle() for every API route, so no route depends on the proxy's matcher to be covered.
 * Null when the request may go on.
 */
export async function refusalOf(request: Request, env: Env): Promise<AppError | null> {
  const host = request.headers.get("host");
  if (!isAllowedHost(host, await hostPolicy(env))) {
    return new AppError(
      "misdirected_request",
      `This dashboard does not answer to the host name '${host}': add it to PANICBOARD_ALLOWED_HOSTS (or set PANICBOARD_PUBLIC_URL)`,
    );
  }
  // The raw path as sent (NextRequest.nextUrl would have normalized it).
  const { pathname } = new URL(request.url);
  if (!hasValidEscapes(pathname)) {
    return new AppError("malformed_url", "The path has a malformed percent escape (such as %ZZ)");
  }
  return null;
}
