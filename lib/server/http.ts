import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ApiError } from "./errors";

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

/** The one place that maps errors to status codes for every route handler. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) return json(error.toJSON(), { status: error.status });
  if (error instanceof ZodError) {
    return json(
      { error: "validation_failed", message: "The request failed validation", details: error.issues },
      { status: 422 },
    );
  }
  console.error("panicboard: unhandled error", error);
  return json({ error: "internal_error", message: "Internal server error" }, { status: 500 });
}

/** Wraps a handler so that thrown errors become `{ error, message, details? }` responses. */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
