import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { createApiToken } from "@/lib/server/services/tokens";
import { createSession, SESSION_COOKIE } from "@/lib/server/session";
import { setFakeRequest } from "@/lib/test/next-headers";
import { previewUploadAction, uploadItemAction } from "./actions";

vi.mock("next/headers", async () => (await import("@/lib/test/next-headers")).nextHeadersMock);

// lib/env reads it at the first call: a small limit keeps the texts small.
const LIMIT = 64 * 1024;
process.env.PANICBOARD_MAX_UPLOAD_BYTES = String(LIMIT);
process.env.PANICBOARD_WRITE_AUTH = "token";

let sessionCookie = "";
/** A signed-in browser's request. */
const signedIn = () => setFakeRequest(undefined, { [SESSION_COOKIE]: sessionCookie });

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

beforeAll(async () => {
  await syncCatalogue();
  const { token } = await createApiToken(`upload-${Date.now().toString(36)}`);
  sessionCookie = (await createSession({ token }, { PANICBOARD_READ_AUTH: "none" })).cookie;
});

describe("the Upload page's server actions need a signed-in writer", () => {
  it("refuse a request without a session, from a browser or from a script that sends no Origin", async () => {
    const form = formOf(`${SEED}\n`);
    setFakeRequest();
    expect(await uploadItemAction(form)).toMatchObject({ status: "error", code: "unauthorized" });
    setFakeRequest({ host: "localhost:3000" });
    expect(await uploadItemAction(form)).toMatchObject({ status: "error", code: "unauthorized" });
    expect(await previewUploadAction(form)).toMatchObject({ status: "error", code: "unauthorized" });
    setFakeRequest(undefined, { [SESSION_COOKIE]: "forged".padEnd(43, "x") });
    expect(await uploadItemAction(form)).toMatchObject({ status: "error", code: "unauthorized" });
  });

  it("store the upload of a signed-in writer", async () => {
    signedIn();
    const form = formOf(SEED.replace(/NODENAME: \S+/, "NODENAME: upload-signed-in"));
    expect(await uploadItemAction(form)).toMatchObject({ status: expect.stringMatching(/created|duplicate/) });
  });
});

describe("the Upload page's server action at the size limit", () => {
  beforeEach(signedIn);

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
