import { z } from "zod";

/**
 * Every environment variable panicboard reads, validated once. `.env.example` documents each.
 * Pure (no Next imports) so the launcher, the CLI and the server share it.
 */
const booleanFromString = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  /**
   * A streaming replica of DATABASE_URL for page and API reads (lib/server/db/read.ts); writes, and a
   * writer's reads until the replica has replayed their write, stay on DATABASE_URL.
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PANICBOARD_DATA_DIR: z.string().min(1).default(".data"),
  PANICBOARD_EMBEDDED_PG_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .refine((p) => p !== 5432, "5432 belongs to a system PostgreSQL; pick another port")
    .default(54329),
  PANICBOARD_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PANICBOARD_AUTO_MIGRATE: booleanFromString.default(true),
  PANICBOARD_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** el9's whole kernel changelog is 11 MB. */
  PANICBOARD_MAX_CHANGELOG_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  PANICBOARD_READ_AUTH: z.enum(["none", "token", "basic"]).default("none"),
  PANICBOARD_BASIC_AUTH: z
    .string()
    .regex(/^[^:]+:.+$/, "must be user:password")
    .optional(),
  PANICBOARD_WRITE_AUTH: z.enum(["token", "none"]).default("token"),
  /**
   * Host names the dashboard answers besides localhost, IP addresses and the machine's own names
   * (DNS rebinding): `dash.example.com,.corp.example` (a leading dot allows subdomains), or `*` for any.
   */
  PANICBOARD_ALLOWED_HOSTS: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(\*|\.?[a-z0-9_.:[\]-]+)$/, "comma-separated host names, .domain or *")))
    .default([]),
  /**
   * Catalogue bugs (lib/kb/bugs ids) the start-up sync leaves out, comma-separated: for a test server
   * that must see a crash the catalogue would otherwise explain (the fix finder's end-to-end spec).
   */
  PANICBOARD_CATALOGUE_EXCLUDE: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "comma-separated known-bug ids")))
    .default([]),
  /** The address users and hosts reach the dashboard at, e.g. https://panicboard.example.com (its host is allowed; https turns on HSTS). */
  /**
   * Requests per API token (`N/s`, `N/min`, `N/h`; `off`): a token bucket holding one period's worth.
   * 12000/min lets a fleet of 10,000 hosts sharing one token report a kdump stampede (an upload, a kernel
   * report and a changelog check each) within a few minutes while capping a runaway client at 200/s.
   */
  PANICBOARD_RATE_LIMIT: z
    .string()
    .refine((v) => isRateLimit(v), "N/s, N/min or N/h, or off")
    .default("12000/min"),
  /** Requests per client address without a token (reads when PANICBOARD_READ_AUTH=none, refused tokens). */
  PANICBOARD_RATE_LIMIT_ANONYMOUS: z
    .string()
    .refine((v) => isRateLimit(v), "N/s, N/min or N/h, or off")
    .default("600/min"),
  /** Worker threads that parse uploads off the request thread; unset: one per core; 0 parses in the request. */
  PANICBOARD_PARSE_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** A text whose parsing takes longer is refused (422 parse_timeout) and its worker replaced. */
  PANICBOARD_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  PANICBOARD_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
});

function isRateLimit(value: string): boolean {
  return /^\s*(0|off|none|\d+\s*\/\s*(s|sec|m|min|h|hour))\s*$/i.test(value);
}

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validates process.env (empty strings count as unset) and throws a readable error listing every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (source === process.env && cached) return cached;
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`panicboard: invalid environment\n${lines.join("\n")}`);
  }
  if (result.data.PANICBOARD_READ_AUTH === "basic" && !result.data.PANICBOARD_BASIC_AUTH) {
    throw new Error(
      "panicboard: invalid environment\n  PANICBOARD_BASIC_AUTH: required when PANICBOARD_READ_AUTH=basic",
    );
  }
  if (result.data.DATABASE_READ_URL && !result.data.DATABASE_URL) {
    throw new Error(
      "panicboard: invalid environment\n  DATABASE_READ_URL: a replica of what? set DATABASE_URL to its primary (the embedded database has no replica)",
    );
  }
  if (source === process.env) cached = result.data;
  return result.data;
}
