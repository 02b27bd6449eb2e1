import type { Env } from "../../env";

/**
 * The Content-Security-Policy of a page. Scripts: only the app's own files and the inline scripts
 * Next marks with this request's nonce ('strict-dynamic' lets those load the chunks they import).
 * Styles allow inline `style` attributes, which React and the charts write into the HTML; a nonce
 * would make browsers ignore 'unsafe-inline', so styles carry none. No `upgrade-insecure-requests`:
 * the dashboard is often served over plain http on a LAN.
 */
export function pageContentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON, CSV and raw texts are never documents to run or frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Whether the request reached us over TLS: the reverse proxy says so, or the public URL is https. */
export function isServedOverTls(request: Request, env: Pick<Env, "PANICBOARD_PUBLIC_URL">): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || env.PANICBOARD_PUBLIC_URL?.startsWith("https:") === true;
}

/** Headers on every answer; HSTS only over TLS, where a browser honours it (and over http it would be a lie). */
export function securityHeaders(contentSecurityPolicy: string, tls: boolean): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    // Links to bug trackers must not tell them which of our hosts or panics a user was looking at.
    "referrer-policy": "same-origin",
    ...(tls ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** A fresh, unguessable nonce per request (128 bits). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
