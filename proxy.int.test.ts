import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

// Each test file has its own module graph, so this file's environment is read fresh by lib/env.
process.env.PANICBOARD_READ_AUTH = "basic";
process.env.PANICBOARD_BASIC_AUTH = "ops:s3cret";

type ProxyModule = typeof import("./proxy");
let proxyModule: ProxyModule;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("proxy.ts with PANICBOARD_READ_AUTH=basic", () => {
  beforeAll(async () => {
    proxyModule = await import("./proxy");
  });

  it("asks a browser for credentials on dashboard pages and lets the right ones through", async () => {
    const denied = await proxyModule.proxy(new NextRequest("http://panicboard.test/hosts"));
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toMatch(/^Basic realm="panicboard"/);
    const wrong = await proxyModule.proxy(
      new NextRequest("http://panicboard.test/", { headers: { authorization: basic("ops", "nope") } }),
    );
    expect(wrong.status).toBe(401);
    const allowed = await proxyModule.proxy(
      new NextRequest("http://panicboard.test/upload", { headers: { authorization: basic("ops", "s3cret") } }),
    );
    expect(allowed.headers.get("x-middleware-next")).toBe("1");
  });

  it("asks on every page, but not on the API (which checks tokens itself), the agent files or static assets", async () => {
    for (const page of ["/", "/hosts", "/hosts/lb-01", "/bugs/new", "/upload", "/panics/1"]) {
      const response = await proxyModule.proxy(new NextRequest(`http://localhost${page}`));
      expect(response.status, page).toBe(401);
    }
    for (const open of [
      "/api/panics",
      "/api/health",
      "/panicboard-report.sh",
      "/_next/static/chunks/a.js",
      "/favicon.ico",
    ]) {
      const response = await proxyModule.proxy(new NextRequest(`http://localhost${open}`));
      expect(response.headers.get("x-middleware-next"), open).toBe("1");
    }
  });
});
