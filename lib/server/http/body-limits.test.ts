import { describe, expect, it } from "vitest";
import { bodyLimits, MAX_BATCH_ITEMS } from "./body-limits";
import { parsePanicUpload } from "./panic-upload";

const MiB = 1024 * 1024;
// lib/env reads it at the first request: a small limit keeps the bodies of these tests small.
const LIMIT = 64 * 1024;
process.env.PANICBOARD_MAX_UPLOAD_BYTES = String(LIMIT);
process.env.PANICBOARD_WRITE_AUTH = "token";

const jsonRequest = (body: string) =>
  new Request("http://localhost/api/panics", { method: "POST", headers: { "content-type": "application/json" }, body });

/** A text of exactly `bytes` bytes, in lines of `width` characters. */
const textOf = (bytes: number, width = 80) =>
  `${"x".repeat(width - 1)}\n`.repeat(Math.ceil(bytes / width)).slice(0, bytes);

describe("request body limits", () => {
  it("bound a JSON or multipart request to two summaries' worth plus room per item (not ten summaries)", () => {
    const limits = bodyLimits(10 * MiB);
    expect(limits.batch).toBe(20 * MiB + MAX_BATCH_ITEMS * 4 * 1024);
    expect(limits.batch).toBeLessThan(25 * MiB);
  });

  it("let Next buffer more for proxy.ts than any route accepts, so that nothing arrives cut short", () => {
    const limits = bodyLimits(10 * MiB, [16 * MiB]);
    expect(limits.proxy).toBeGreaterThan(Math.max(limits.batch, limits.serverAction, 16 * MiB));
    expect(bodyLimits(10 * MiB, [64 * MiB]).proxy).toBe(64 * MiB + 1);
  });

  it("let the Upload page send a pasted text at the limit, whose LFs the browser sends as CRLF", () => {
    const limits = bodyLimits(LIMIT);
    for (const width of [1, 2, 80]) {
      const pasted = textOf(LIMIT, width).replace(/\n/g, "\r\n");
      const multipart = `------x\r\nContent-Disposition: form-data; name="text"\r\n\r\n${pasted}\r\n------x--\r\n`;
      expect(Buffer.byteLength(multipart), `lines of ${width}`).toBeLessThanOrEqual(limits.serverAction);
    }
  });

  it("refuse a JSON batch over the limit with too_large, and take one summary at the limit", async () => {
    const { batch } = bodyLimits(LIMIT);
    const items = Array.from({ length: 10 }, () => ({ text: textOf(LIMIT - 1024), hostname: "h" }));
    await expect(parsePanicUpload(jsonRequest(JSON.stringify({ items })))).rejects.toMatchObject({
      code: "too_large",
      details: { limit: batch },
    });
    const single = await parsePanicUpload(jsonRequest(JSON.stringify({ text: textOf(LIMIT), hostname: "h" })));
    expect(single.items[0]).toMatchObject({ label: "body", input: { hostname: "h" } });
    const [item] = single.items;
    expect(item && "input" in item ? item.input.text : null).toHaveLength(LIMIT);
  });
});
