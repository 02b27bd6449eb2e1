/** How an upload is retried: exponential backoff with full jitter, on network errors, 429 and 5xx. */
export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 15_000 };

/** Statuses worth another try: rate limiting, timeouts and server errors. Other 4xx will not change. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): a random time up to
 * base·2^(attempt-1), capped ("full jitter", so that many hosts retrying after one outage spread out).
 * A server's Retry-After (seconds) is honoured as a floor, within the cap.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
  retryAfterSeconds?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling * random());
  const floor =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds)
      ? Math.min(policy.maxMs, retryAfterSeconds * 1000)
      : 0;
  return Math.max(jittered, floor);
}

/** Parses a Retry-After header given in seconds (the HTTP-date form is ignored). */
export function parseRetryAfter(header: string | null): number | undefined {
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

export type AttemptOutcome<T> = { done: T } | { retry: string; retryAfterSeconds?: number; last: T };

/**
 * Runs `attempt` until it is done or the policy's attempts are spent; returns the last outcome and
 * the number of tries. `onRetry` hears each wait (for progress output); `sleep` is injectable for tests.
 */
export async function withRetry<T>(
  attempt: () => Promise<AttemptOutcome<T>>,
  options: {
    policy?: RetryPolicy;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    onRetry?: (reason: string, delayMs: number, attempt: number) => void;
  } = {},
): Promise<{ value: T; tries: number }> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let tries = 1; ; tries++) {
    const outcome = await attempt();
    if ("done" in outcome) return { value: outcome.done, tries };
    if (tries >= policy.attempts) return { value: outcome.last, tries };
    const delay = backoffDelay(tries, policy, options.random, outcome.retryAfterSeconds);
    options.onRetry?.(outcome.retry, delay, tries);
    await sleep(delay);
  }
}
