import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { createApiToken } from "@/lib/server/services/tokens";
import { GET as health } from "./health/route";
import { POST as postPanics } from "./panics/route";

// Issue 13, finding 6: a large text is parsed in a worker thread, so the server keeps answering meanwhile.
const SEED = readFileSync(join(__dirname, "../../lib/crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const BLANK_LINES = "\n".repeat(2 * 1024 * 1024);
let token = "";

const upload = (text: string, host: string) =>
  postPanics(
    new Request(`http://localhost/api/panics?host=${host}`, {
      method: "POST",
      body: text,
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
    }) as never,
  );
const healthCheck = () => health(new Request("http://localhost/api/health") as never);

describe("parsing off the request thread", () => {
  beforeAll(async () => {
    await syncCatalogue();
    token = (await createApiToken(`parse-pool-${Date.now().toString(36)}`)).token;
    // Warm up: the database pool and the parse workers (started at the first upload).
    expect((await healthCheck()).status).toBe(200);
    expect([200, 201]).toContain((await upload(SEED, "warm-up")).status);
  });

  it("answers a health check while a 2 MB text of blank lines is being parsed", async () => {
    const order: string[] = [];
    const started = performance.now();
    const uploading = upload(BLANK_LINES, "blank-lines").then(async (response) => {
      order.push("upload");
      return { status: response.status, body: await response.json(), ms: performance.now() - started };
    });
    await new Promise((done) => setTimeout(done, 20));
    const checked = await healthCheck();
    const healthMs = performance.now() - started;
    order.push("health");
    const uploaded = await uploading;
    console.log(
      `parse-off-thread: health answered ${healthMs.toFixed(0)} ms after the 2 MB upload began; the upload took ${uploaded.ms.toFixed(0)} ms`,
    );
    expect(checked.status).toBe(200);
    expect(uploaded).toMatchObject({ status: 422, body: { error: "no_crash_detected" } });
    expect(order).toEqual(["health", "upload"]);
  });
});
