import { z } from "zod";

/** `?page=` from a URL: a positive integer, 1 when absent or malformed. */
export const pageParamSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** Panic ids are bigint serials; in URLs they are decimal strings. */
export const panicIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, "panic id must be a positive integer")
  .transform((s) => BigInt(s));

export const hostnameSchema = z
  .string()
  .trim()
  .min(1, "hostname is empty")
  .max(253, "hostname is longer than 253 characters")
  .regex(/^[A-Za-z0-9_.:()\-]+$/, "hostname may contain letters, digits and . - _ : ( ) only");
