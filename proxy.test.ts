import { hostname } from "node:os";
import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "./proxy";

// Read lazily by lib/env at the first request: the defaults, plus one extra allowed name.
process.env.PANICBOARD_READ_AUTH = "none";
process.env.PANICBOARD_ALLOWED_HOSTS = "panicboard.example.com,.corp.example";
delete process.env.PANICBOARD_PUBLIC_URL;

/** Next's compiler of `config.matcher`: exported by its module, left out of the module's type declarations. */
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers: (matcher: unknown, nextConfig: object) => Parameters<typeof getMiddlewareRouteMatcher>[0];
};

const at = (url: string, headers: Record<string, string> = {}) =>
  proxy(new NextRequest(url, { headers: { host: new URL(url).host, ...headers } }));

describe("proxy.ts: the Host check (DNS rebinding)", () => {
  it("answers localhost, IP literals, the machine's own name and the configured names", async () => {
    for (const url of [
      "http://localhost:3000/",
      "http://app.localhost/hosts",
      "http://127.0.0.1:3100/api/health",
      "http://[::1]:3000/api/panics",
      "http://10.1.2.3/bugs",
      `http://${hostname()}:3000/`,
      "http://panicboard.example.com/api/panics",
      "http://PANICBOARD.example.com./updates",
      "http://dash.corp.example:8080/",
      "http://corp.example/",
    ]) {
      const response = await at(url);
      expect(response.headers.get("x-middleware-next"), url).toBe("1");
    }
  });

  it("refuses any other name with 421, on pages, the API and the health check alike", async () => {
    for (const url of [
      "http://attacker.example/",
      "http://attacker.example:3000/api/panics",
      "http://attacker.example/api/health",
      "http://panicboard.example.com.attacker.example/hosts",
      "http://notcorp.example/",
      "http://localhost.attacker.example/",
    ]) {
      const response = await at(url);
      expect(response.status, url).toBe(421);
    }
    const api = await at("http://rebound.example/api/panics");
    expect(await api.json()).toMatchObject({ error: "misdirected_request" });
    expect(await (await at("http://rebound.example/")).text()).toMatch(/PANICBOARD_ALLOWED_HOSTS/);
  });

  it("covers every path but the upload endpoint, as Next reads the matcher", () => {
    // Next's own compiler of `config.matcher` (internal, but exactly what decides where the proxy runs).
    const matches = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
    const covers = (path: string) => matches(path, { headers: {}, cookies: {} } as never, {});
    for (const path of ["/", "/hosts", "/hosts/%ZZ", "/api/health", "/api/panics/12", "/api/panics/", "/favicon.ico"])
      expect(covers(path), path).toBe(true);
    // handle() runs the same checks on /api/panics: see lib/server/http/handle.test.ts.
    expect(covers("/api/panics")).toBe(false);
  });
});

describe("proxy.ts: malformed paths", () => {
  it("answers a malformed percent escape with 400, in the API and on pages", async () => {
    const api = await at("http://localhost/api/hosts/%ZZ/kernel");
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: "malformed_url" });
    expect((await at("http://localhost/hosts/%ZZ")).status).toBe(400);
    expect((await at("http://localhost/hosts/db%2D7")).headers.get("x-middleware-next")).toBe("1");
  });
});

describe("proxy.ts: security headers", () => {
  it("gives each page a fresh nonce in its CSP, and passes it to Next in the request", async () => {
    const first = await at("http://localhost:3000/hosts");
    const second = await at("http://localhost:3000/hosts");
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    // NextResponse.next({ request: { headers } }) forwards request headers as x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("sends HSTS only over TLS (x-forwarded-proto https)", async () => {
    expect((await at("http://localhost/")).headers.get("strict-transport-security")).toBeNull();
    const tls = await at("http://localhost/", { "x-forwarded-proto": "https" });
    expect(tls.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  });

  it("gives API answers and refusals a CSP that runs and frames nothing", async () => {
    const api = await at("http://localhost/api/panics");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await at("http://evil.example/api/panics")).headers.get("x-content-type-options")).toBe("nosniff");
  });
});
