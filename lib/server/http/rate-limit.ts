import { createHash } from "node:crypto";
import { loadEnv } from "../../env";
import { AppError } from "../errors";
import { processState } from "../process-state";

/** A limit as configured: `600/min`, `20/s`, `36000/h`; null is no limit (`0` or `off`). */
export interface RateLimit {
  /** Requests a client may send at once (the bucket's size): one period's worth. */
  burst: number;
  /** Tokens added per millisecond. */
  perMs: number;
}

const PERIOD_MS = { s: 1_000, sec: 1_000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 } as const;

/** Parses `N/s`, `N/min` or `N/h`; `0`, `off` and `none` turn the limit off (null). Throws on anything else. */
export function parseRateLimit(value: string): RateLimit | null {
  const text = value.trim().toLowerCase();
  if (text === "0" || text === "off" || text === "none") return null;
  const m = /^(\d+)\s*\/\s*(s|sec|m|min|h|hour)$/.exec(text);
  if (!m || Number(m[1]) < 1) throw new Error(`a rate limit is N/s, N/min or N/h (or off), not '${value}'`);
  const count = Number(m[1]);
  return { burst: count, perMs: count / PERIOD_MS[m[2] as keyof typeof PERIOD_MS] };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-process token buckets, one per key: each holds up to `burst` requests and refills at the limit's
 * rate, so a client may send a period's worth at once and then the rate. Buckets that have refilled
 * completely are forgotten (they hold nothing a new bucket would not), so memory follows active clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly limit: RateLimit) {}

  /** Takes one request from `key`'s bucket: 0 when allowed, else the seconds until it would be. */
  take(key: string, now = Date.now()): number {
    const { burst, perMs } = this.limit;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(burst, bucket.tokens + (now - bucket.at) * perMs) : burst;
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      if (this.buckets.size > 10_000) this.sweep(now);
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.limit.perMs >= this.limit.burst) this.buckets.delete(key);
    }
  }
}

interface Limiters {
  token: RateLimiter | null;
  address: RateLimiter | null;
  /** The settings they were made from: new settings (a test's) make new limiters. */
  source: string;
}

/** One pair of limiters per process (processState): every copy of this module counts in the same buckets. */
const shared = processState("rate-limiters", () => ({ limiters: undefined as Limiters | undefined }));

function currentLimiters(): Limiters {
  const env = loadEnv();
  const source = `${env.PANICBOARD_RATE_LIMIT}|${env.PANICBOARD_RATE_LIMIT_ANONYMOUS}`;
  if (shared.limiters?.source !== source) {
    const make = (value: string) => {
      const limit = parseRateLimit(value);
      return limit ? new RateLimiter(limit) : null;
    };
    shared.limiters = {
      token: make(env.PANICBOARD_RATE_LIMIT),
      address: make(env.PANICBOARD_RATE_LIMIT_ANONYMOUS),
      source,
    };
  }
  return shared.limiters;
}

/**
 * The client's address: the last X-Forwarded-For entry, which is the one the nearest proxy (or Next
 * itself, from the socket, when the request has none) wrote. A client talking to Next directly can
 * write its own header and so pick its address: put a proxy in front that sets it.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || request.headers.get("x-real-ip")?.trim() || "unknown";
}

/** Who a request is counted against: its API token (hashed: no secret kept), else its address. */
export function rateLimitKey(request: Request): { kind: "token" | "address"; key: string } {
  const header = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  if (token) return { kind: "token", key: createHash("sha256").update(token).digest("hex").slice(0, 32) };
  return { kind: "address", key: clientAddress(request) };
}

/**
 * Counts a request against its token (PANICBOARD_RATE_LIMIT) or, without one, its address
 * (PANICBOARD_RATE_LIMIT_ANONYMOUS); over the limit is rate_limited with `details.retryAfter` seconds.
 */
export function checkRateLimit(request: Request, who = rateLimitKey(request)): void {
  const limiter = currentLimiters()[who.kind];
  if (!limiter) return;
  const retryAfter = limiter.take(who.key);
  if (retryAfter > 0) {
    throw new AppError(
      "rate_limited",
      `Too many requests from this ${who.kind === "token" ? "API token" : "address"}: retry in ${retryAfter} s`,
      { retryAfter },
    );
  }
}
