import { z } from "zod";

/** `?page=` from a URL: a positive integer, 1 when absent or malformed. */
export const pageParamSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

const BIGINT_MAX = 9223372036854775807n;

/** Panic ids are bigint serials; in URLs they are decimal strings. */
export const panicIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, "panic id must be a positive integer")
  .transform((s) => BigInt(s))
  .refine((id) => id <= BIGINT_MAX, "panic id is out of range");

/**
 * A dynamic route segment as text. Next may hand segments over still percent-encoded (non-ASCII
 * names); a malformed escape such as a lone `%` is kept as it is rather than failing the request.
 */
export function decodeRouteParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The key a host is stored and looked up by: host names are case-insensitive (as DNS names are), so
 * Web01, web01 and WEB01 are one host, kept as web01 (the hosts table checks it).
 */
export function hostKey(hostname: string): string {
  return hostname.toLowerCase();
}

export const hostnameSchema = z
  .string()
  .trim()
  .min(1, "hostname is empty")
  .max(253, "hostname is longer than 253 characters")
  .regex(/^[A-Za-z0-9_.:()\-]+$/, "hostname may contain letters, digits and . - _ : ( ) only")
  .transform((name) => hostKey(name));

/** Linux 0.01 came out in 1991: no kernel crash happened before it. */
const EARLIEST_CRASH_TIME = new Date("1991-01-01T00:00:00Z");
/** Clocks drift and zones get mislabelled: a time up to a day ahead of ours is still taken as true. */
const CLOCK_SKEW_MS = 86_400_000;

/**
 * Whether a time may be stored as a crash or boot time: from 1991 to a day after `now`. A wrong clock
 * (year 0, 9999) stored as it is would sort before or after everything real, pin a bug's "last seen"
 * and fail the pages that render it.
 */
export function isPlausibleEventTime(date: Date, now: Date = new Date()): boolean {
  const time = date.getTime();
  return time >= EARLIEST_CRASH_TIME.getTime() && time <= now.getTime() + CLOCK_SKEW_MS;
}

/** A client-sent crash or boot time: ISO 8601 with a zone, between 1991 and a day from now (else 422). */
export const eventTimeSchema = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine((date) => isPlausibleEventTime(date), "must be a time between 1991 and a day from now (check the clock)");

/** The times a query filter or cursor may name: years 1 to 9999, which PostgreSQL and JavaScript both represent. */
const QUERY_TIME_MIN = Date.parse("0001-01-01T00:00:00Z");
const QUERY_TIME_MAX = Date.parse("9999-12-31T23:59:59.999Z");

export function isQueryTime(date: Date): boolean {
  const time = date.getTime();
  return time >= QUERY_TIME_MIN && time <= QUERY_TIME_MAX;
}

/**
 * A string whose UTF-16 is well formed. JSON can carry a lone surrogate (`"\ud800"`), which no
 * UTF-8 column or jsonb value can store.
 */
export function isWellFormedText(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}
