import { NextResponse } from "next/server";
import { type AppError, ERROR_STATUS, toAppError } from "../errors";

/** Bodies below this size skip compression: the same threshold as Next's own compression middleware. */
const COMPRESS_THRESHOLD = 1024;

/**
 * JSON response with bigint-safe serialization. Next drops a route's Content-Length and so gzips
 * every answer, however small; for an upload's 201 or an error, starting a gzip stream costs more CPU
 * (on both ends) than it saves bytes, so small bodies say `no-transform`, which the compression
 * middleware honours. Long lists are still compressed.
 */
export function json(body: unknown, init?: ResponseInit): NextResponse {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  const small = Buffer.byteLength(text) < COMPRESS_THRESHOLD;
  return new NextResponse(text, {
    ...init,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...(small ? { "cache-control": "no-transform" } : {}),
      ...init?.headers,
    },
  });
}

/** The HTTP status of an error: the only reader of the status table. */
export function statusOf(error: AppError): number {
  return ERROR_STATUS[error.code];
}

/** `Retry-After` for an error that says when to come back (rate_limited, busy, unavailable: `details.retryAfter`). */
function retryAfterOf(error: AppError): Record<string, string> {
  const seconds = (error.details as { retryAfter?: unknown } | undefined)?.retryAfter;
  return typeof seconds === "number" ? { "retry-after": String(seconds) } : {};
}

/** Anything thrown, as `{ error, message, details? }` with its code's status (and Retry-After when it has one). */
export function errorResponse(error: unknown, init?: ResponseInit): NextResponse {
  const appError = toAppError(error);
  return json(appError.toJSON(), {
    ...init,
    status: statusOf(appError),
    headers: { ...retryAfterOf(appError), ...init?.headers },
  });
}

/** The same for a browser (the dashboard's read-auth challenge): the message as plain text. */
export function errorTextResponse(error: unknown, init?: ResponseInit): NextResponse {
  const appError = toAppError(error);
  return new NextResponse(`${appError.message}\n`, {
    ...init,
    status: statusOf(appError),
    headers: { "content-type": "text/plain; charset=utf-8", ...init?.headers },
  });
}
