import { describe, expect, it } from "vitest";
import { backoffDelay, isRetryableStatus, parseRetryAfter, withRetry, type AttemptOutcome } from "./retry";

const policy = { attempts: 5, baseMs: 500, maxMs: 15_000 };

describe("isRetryableStatus", () => {
  it("retries rate limits, timeouts and server errors only", () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 415, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe("backoffDelay", () => {
  it("doubles the ceiling per attempt up to the cap", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, policy, top))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000,
    ]);
  });

  it("jitters between zero and the ceiling", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(1000);
  });

  it("waits at least Retry-After, within the cap", () => {
    expect(backoffDelay(1, policy, () => 0, 3)).toBe(3000);
    expect(backoffDelay(1, policy, () => 0, 3600)).toBe(15_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and ignores dates", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("retries until done, sleeping the backoff in between", async () => {
    const outcomes: AttemptOutcome<string>[] = [
      { retry: "503", last: "failed" },
      { retry: "ECONNRESET", last: "failed" },
      { done: "stored" },
    ];
    const sleeps: number[] = [];
    const result = await withRetry(async () => outcomes.shift()!, {
      policy,
      random: () => 1,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(result).toEqual({ value: "stored", tries: 3 });
    expect(sleeps).toEqual([500, 1000]);
  });

  it("gives up after the policy's attempts with the last outcome", async () => {
    let calls = 0;
    const result = await withRetry(async () => ({ retry: "503", last: `failed ${++calls}` }), {
      policy: { ...policy, attempts: 3 },
      sleep: async () => {},
    });
    expect(result).toEqual({ value: "failed 3", tries: 3 });
  });
});
