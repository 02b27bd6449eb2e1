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

export const hostnameSchema = z
  .string()
  .trim()
  .min(1, "hostname is empty")
  .max(253, "hostname is longer than 253 characters")
  .regex(/^[A-Za-z0-9_.:()\-]+$/, "hostname may contain letters, digits and . - _ : ( ) only");
