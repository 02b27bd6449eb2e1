import { z } from "zod";
import { isDatabaseUnavailable } from "./db/pg-errors";

/**
 * Every error the API, the server actions and the CLI can answer with, and its HTTP status: the one
 * table. Services throw `AppError(code)` and never name a status; the HTTP layer reads this table.
 * README.md ("Errors") lists the same codes with their meaning, and a test keeps the two in step.
 */
export const ERROR_STATUS = {
  malformed_json: 400,
  malformed_multipart: 400,
  malformed_url: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  binary_content: 415,
  unsupported_media_type: 415,
  misdirected_request: 421,
  rate_limited: 429,
  validation_failed: 422,
  no_crash_detected: 422,
  no_changelog_detected: 422,
  hostname_required: 422,
  parse_timeout: 422,
  internal_error: 500,
  busy: 503,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** The body of every error answer: `{ error, message, details? }`. */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: unknown;
}

/** Marks an AppError of any copy of this module (see AppError's `Symbol.hasInstance`). */
const APP_ERROR = Symbol.for("panicboard.AppError");

/** An expected failure, named by a stable code; `details` is for machines (zod issues, limits). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
    Object.defineProperty(this, APP_ERROR, { value: true });
  }

  /**
   * `instanceof AppError` holds for an AppError of any copy of this module: the production server runs
   * the upload route from source beside Next's build, and an error thrown by state the two share (the
   * parse pool's busy or parse_timeout) comes from the other copy's class.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[APP_ERROR] === true;
  }

  toJSON(): ErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** Seconds a client is asked to wait when the database is unavailable: crash restarts took 0.8-2.7 s in test:chaos. */
const DATABASE_RETRY_AFTER_S = 2;

/**
 * The one mapper from anything thrown to an AppError: an AppError is kept, a ZodError becomes
 * `validation_failed` (the issues in `details`, z.prettifyError's text in the message), a database
 * that is unreachable or restarting becomes `unavailable` (503, come back in a few seconds), and
 * anything else is logged and becomes `internal_error`, whose message never carries the cause (a driver's
 * message can name database hosts and users). `subject` names what failed: "items[2]", "The upload".
 */
export function toAppError(error: unknown, subject = "The request"): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    return new AppError("validation_failed", `${subject} failed validation:\n${z.prettifyError(error)}`, error.issues);
  }
  if (isDatabaseUnavailable(error)) {
    console.error(`panicboard: ${subject} failed: the database is unavailable`, error);
    return new AppError(
      "unavailable",
      `${subject} could not reach the database, which is down or restarting: send it again shortly (an upload that was stored after all is recognised as a duplicate)`,
      { retryAfter: DATABASE_RETRY_AFTER_S },
    );
  }
  console.error(`panicboard: ${subject} failed`, error);
  return new AppError("internal_error", `${subject} failed on the server; see the server log`);
}
