import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { createApiToken } from "@/lib/server/services/tokens";
import { POST as postKernel } from "./hosts/[hostname]/kernel/route";
import { GET as listPanicsRoute, POST as postPanics } from "./panics/route";

// Odd input answers 4xx, never 500; impossible times are refused or taken as unknown (issue 13).
const SEED = readFileSync(join(__dirname, "../../lib/crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const BASE = "http://localhost";
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
let token = "";

const post = (path: string, body: string, contentType: string) =>
  new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
  }) as never;
const get = (path: string) => listPanicsRoute(new Request(`${BASE}${path}`) as never);

describe("impossible dates and odd input through the HTTP API", () => {
  beforeAll(async () => {
    await syncCatalogue();
    token = (await createApiToken(unique("hardening"))).token;
  });

  it("refuses a crashTime or bootedAt in year 0, 9999 or before 1991 with 422", async () => {
    for (const crashTime of ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"]) {
      const response = await postPanics(
        post("/api/panics", JSON.stringify({ text: SEED, hostname: unique("t"), crashTime }), "application/json"),
      );
      expect(response.status, crashTime).toBe(422);
      expect(await response.json()).toMatchObject({ error: "validation_failed", details: [{ path: ["crashTime"] }] });
    }
    const kernel = await postKernel(
      post(
        "/api/hosts/h1/kernel",
        JSON.stringify({ kernelRelease: "5.14.0-1.el9", bootedAt: "0000-01-01T00:00:00Z" }),
        "application/json",
      ),
      { params: Promise.resolve({ hostname: "h1" }) },
    );
    expect(kernel.status).toBe(422);
  });

  it("stores a text whose DATE line says 9999 with the upload's time instead", async () => {
    const before = Date.now();
    const host = unique("date9999");
    const text = SEED.replace("Fri Sep 27 16:19:55 2013", "Fri Dec 31 23:59:59 9999");
    const created = await postPanics(post(`/api/panics?host=${host}`, text, "text/plain"));
    expect(created.status).toBe(201);
    const listed = await (await get(`/api/panics?host=${host}`)).json();
    const stored = new Date(listed.panics[0].crashTime).getTime();
    expect(stored).toBeGreaterThanOrEqual(before - 1000);
    expect(stored).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("answers a lone surrogate in JSON text with 422, not 500", async () => {
    const body = `{"text": ${JSON.stringify(SEED).slice(0, -1)}\\ud800", "hostname": "${unique("sur")}"}`;
    const response = await postPanics(post("/api/panics", body, "application/json"));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: "validation_failed", details: [{ path: ["text"] }] });
  });

  it("answers since, until and cursor dates out of range with 422", async () => {
    const forged = Buffer.from("-271821-04-20T00:00:00.000Z|5", "utf8").toString("base64url");
    for (const query of ["since=0000-01-01", "until=0000-06-01T00:00:00Z", `cursor=${forged}`, "since=2024-02-31"]) {
      const response = await get(`/api/panics?${query}`);
      expect(response.status, query).toBe(422);
    }
  });

  it("answers a host name with a malformed escape (%ZZ) with 400 malformed_url, as the proxy does", async () => {
    const response = await postKernel(
      post("/api/hosts/%ZZ/kernel", JSON.stringify({ kernelRelease: "5.14.0-1.el9" }), "application/json"),
      { params: Promise.resolve({ hostname: "%ZZ" }) },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "malformed_url" });
  });
});
