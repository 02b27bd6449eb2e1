import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { previewUploadAction } from "./actions";

// lib/env reads it at the first call: a small limit keeps the texts small.
const LIMIT = 64 * 1024;
process.env.PANICBOARD_MAX_UPLOAD_BYTES = String(LIMIT);

const SEED = readFileSync(join(__dirname, "../../lib/crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");

/** The seed crash padded with short lines to exactly `bytes` bytes (LF line ends, as a textarea has them). */
function pastedTextOf(bytes: number): string {
  const padded = `${SEED}\n${"pad\n".repeat(Math.ceil((bytes - SEED.length) / 4))}`;
  return padded.slice(0, bytes);
}

/** The form as the browser's multipart encoding delivers it: every LF of the text sent as CRLF. */
function formOf(text: string): FormData {
  const form = new FormData();
  form.set("label", "pasted text");
  form.set("hostname", "upload-limit");
  form.set("text", text.replace(/\n/g, "\r\n"));
  return form;
}

describe("the Upload page's server action at the size limit", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("takes a pasted text of exactly PANICBOARD_MAX_UPLOAD_BYTES, as the API does", async () => {
    const text = pastedTextOf(LIMIT);
    expect(Buffer.byteLength(text)).toBe(LIMIT);
    const result = await previewUploadAction(formOf(text));
    expect(result).toMatchObject({ status: "preview", host: "upload-limit", title: "kernel BUG in tcp_v4_err" });
  });

  it("refuses one byte more", async () => {
    const result = await previewUploadAction(formOf(pastedTextOf(LIMIT + 1)));
    expect(result).toMatchObject({ status: "error", code: "too_large" });
  });
});
