import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseUploadText } from "../kb/analyze-upload";
import { INLINE_PARSE_MAX_CHARS, ParsePool, parsePool, parseUploadForIngest } from "./parse-pool";

const SEED = readFileSync(join(__dirname, "../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
/** 2 MB of blank lines: no crash, but hashing its normalized form takes about half a second. */
const BLANK_LINES = "\n".repeat(2 * 1024 * 1024);

describe("the parse pool", () => {
  const pool = new ParsePool({ size: 1, timeoutMs: 30_000 });
  const strict = new ParsePool({ size: 1, timeoutMs: 50 });
  afterAll(() => Promise.all([pool.close(), strict.close()]));

  it("parses in a worker thread exactly as analyzeUpload's parse step does in-process", async () => {
    expect(await pool.parse(SEED)).toEqual(parseUploadText(SEED));
  });

  it("leaves the event loop free while a large text is parsed", async () => {
    const order: string[] = [];
    const parsing = pool.parse(BLANK_LINES).then((parsed) => {
      order.push("parsed");
      return parsed;
    });
    // Ticks of 10 ms: in-process the parse would hold them all back until it ends.
    for (let i = 0; i < 3; i++) {
      await new Promise((done) => setTimeout(done, 10));
      order.push(`tick ${i}`);
    }
    expect((await parsing).report.detected).toBe(false);
    expect(order).toEqual(["tick 0", "tick 1", "tick 2", "parsed"]);
  });

  it("refuses texts past maxQueuedChars waiting with busy and Retry-After's seconds, and takes them again later", async () => {
    const bounded = new ParsePool({ size: 1, timeoutMs: 30_000, maxQueuedChars: 2 * SEED.length });
    try {
      await bounded.parse("warm-up: the worker is ready, so the next text goes straight to it");
      const running = bounded.parse(BLANK_LINES);
      const waiting = [bounded.parse(SEED), bounded.parse(SEED)];
      await expect(bounded.parse(SEED)).rejects.toMatchObject({ code: "busy", details: { retryAfter: 1 } });
      await Promise.all([running, ...waiting]);
      expect((await bounded.parse(SEED)).sha256).toBe(parseUploadText(SEED).sha256);
    } finally {
      await bounded.close();
    }
  });

  it("refuses a text over the time budget with parse_timeout and replaces the worker", async () => {
    await expect(strict.parse(BLANK_LINES)).rejects.toMatchObject({ code: "parse_timeout" });
    expect(strict.workerCount).toBe(1);
    // The replacement still parses small texts within the budget (its start-up is not counted).
    const small = "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\n";
    expect((await strict.parse(small)).sha256).toBe(parseUploadText(small).sha256);
  });
});

describe("parseUploadForIngest", () => {
  afterAll(() => parsePool.pool?.close());

  it("parses a text of up to INLINE_PARSE_MAX_CHARS in the request, without starting the pool", async () => {
    const atLimit = `${SEED}\n${"x".repeat(INLINE_PARSE_MAX_CHARS)}`.slice(0, INLINE_PARSE_MAX_CHARS);
    expect(await parseUploadForIngest(SEED)).toEqual(parseUploadText(SEED));
    expect(await parseUploadForIngest(atLimit)).toEqual(parseUploadText(atLimit));
    expect(parsePool.pool).toBeUndefined();
  });

  it("sends a larger text to the worker pool, leaving the event loop free", async () => {
    const order: string[] = [];
    const parsing = parseUploadForIngest(BLANK_LINES).then(() => order.push("parsed"));
    for (let i = 0; i < 3; i++) {
      await new Promise((done) => setTimeout(done, 10));
      order.push(`tick ${i}`);
    }
    await parsing;
    expect(parsePool.pool?.workerCount).toBeGreaterThan(0);
    expect(order.slice(0, 3)).toEqual(["tick 0", "tick 1", "tick 2"]);
  });
});
