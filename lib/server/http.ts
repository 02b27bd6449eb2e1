import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ApiError } from "./errors";

/** JSON response with bigint-safe serialization. */
export function json(body: unknown, init?: ResponseInit): NextResponse {
  return new NextResponse(JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)), {
    ...init,
    headers: { "content-type": "application/json; charset=utf-8", ...init?.headers },
  });
}

/** The one place that maps errors to status codes for every route handler. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) return json(error.toJSON(), { status: error.status });
  if (error instanceof ZodError) {
    return json({ error: "validation_failed", message: "The request failed validation", details: error.issues }, { status: 422 });
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
