import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { handle } from "./handle";
import { parseRateLimit, RateLimiter } from "./rate-limit";

// Read lazily by lib/env at the first request.
process.env.PANICBOARD_READ_AUTH = "none";
process.env.PANICBOARD_RATE_LIMIT_ANONYMOUS = "3/min";

const request = (headers: Record<string, string> = {}) =>
  new Request("http://panicboard.test/api/x", { headers }) as unknown as NextRequest;

describe("rate limits", () => {
  it("parse N/s, N/min and N/h, and off", () => {
    expect(parseRateLimit("600/min")).toEqual({ burst: 600, perMs: 0.01 });
    expect(parseRateLimit("20/s")).toEqual({ burst: 20, perMs: 0.02 });
    expect(parseRateLimit(" 36000 / h ")).toEqual({ burst: 36000, perMs: 0.01 });
    expect(parseRateLimit("off")).toBeNull();
    expect(parseRateLimit("0")).toBeNull();
    expect(() => parseRateLimit("fast")).toThrow(/N\/s/);
  });

  it("let a client send a period's worth at once, then refill at the rate, each key on its own", () => {
    const limiter = new RateLimiter({ burst: 3, perMs: 1 / 1000 });
    const t = 1_000_000;
    expect([0, 0, 0].map(() => limiter.take("a", t))).toEqual([0, 0, 0]);
    expect(limiter.take("a", t)).toBe(1);
    expect(limiter.take("b", t)).toBe(0);
    expect(limiter.take("a", t + 1000)).toBe(0);
    expect(limiter.take("a", t + 1000)).toBe(1);
  });

  it("answer a client over its limit 429 rate_limited with Retry-After, and never limit health checks", async () => {
    const read = handle({ access: "read" }, async () => new Response("ok"));
    const health = handle({ access: "public" }, async () => new Response("ok"));
    const from = (address: string) => request({ "x-forwarded-for": `203.0.113.9, ${address}` });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await read(from("198.51.100.1"))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await read(from("198.51.100.1"));
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: "rate_limited", details: { retryAfter: expect.any(Number) } });
    // Another address (the last X-Forwarded-For entry, written by the nearest proxy) has its own bucket.
    expect((await read(from("198.51.100.2"))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await health(from("198.51.100.1"))).status).toBe(200);
  });
});
