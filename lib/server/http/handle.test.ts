import type { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { handle, type HandlerOptions } from "./handle";
import { errorResponse, errorTextResponse } from "./response";

// Read lazily by lib/env at the first request: reads open, writes need a token (the defaults).
process.env.PANICBOARD_READ_AUTH = "none";
process.env.PANICBOARD_WRITE_AUTH = "token";

const request = (headers: Record<string, string> = {}) =>
  new Request("http://panicboard.test/api/x", { headers }) as unknown as NextRequest;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("errorResponse", () => {
  it("answers an AppError with its code's status and { error, message, details? }", async () => {
    const response = errorResponse(new AppError("too_large", "too big", { limit: 1 }));
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "too_large", message: "too big", details: { limit: 1 } });
  });

  it("answers a ZodError 422 validation_failed and anything else 500 internal_error", async () => {
    const zod = errorResponse(z.string().safeParse(1).error);
    expect(zod.status).toBe(422);
    expect(await zod.json()).toMatchObject({ error: "validation_failed", details: [{ code: "invalid_type" }] });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const crash = errorResponse(new TypeError("x is undefined"));
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({
      error: "internal_error",
      message: "The request failed on the server; see the server log",
    });
  });

  it("answers a browser in plain text, with the caller's headers", async () => {
    const response = errorTextResponse(new AppError("unauthorized", "Authentication required"), {
      headers: { "www-authenticate": 'Basic realm="panicboard"' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="panicboard"');
    expect(await response.text()).toBe("Authentication required\n");
  });
});

describe("handle", () => {
  it("refuses a handler without an access declaration", () => {
    const ok = async () => new Response("ok");
    expect(() => handle(undefined as unknown as HandlerOptions, ok)).toThrow(/declare the handler's access/);
    expect(() => handle({} as HandlerOptions, ok)).toThrow(/declare the handler's access/);
    expect(() => handle({ access: "admin" } as unknown as HandlerOptions, ok)).toThrow(/public, read, write/);
  });

  it("checks write access before the handler runs", async () => {
    const handler = vi.fn(async () => new Response("ran"));
    const response = await handle({ access: "write" }, handler)(request());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthorized" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("runs public and (open) read handlers with their route params resolved", async () => {
    const echo = handle<{ id: string }>({ access: "read" }, async (_request, { params }) => Response.json(params));
    const response = await echo(request(), { params: Promise.resolve({ id: "42" }) });
    expect(await response.json()).toEqual({ id: "42" });
    const open = await handle({ access: "public" }, async (_request, { params }) => Response.json(params))(request());
    expect(await open.json()).toEqual({});
  });

  it("turns what a handler throws into the mapped answer", async () => {
    const missing = handle({ access: "public" }, async () => {
      throw new AppError("not_found", "No such panic");
    });
    const response = await missing(request());
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not_found", message: "No such panic" });
  });

  it("sends Retry-After with any error that says when to come back (rate_limited, busy)", async () => {
    const busy = handle({ access: "public" }, async () => {
      throw new AppError("busy", "Too many large texts waiting", { retryAfter: 2 });
    });
    const response = await busy(request());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ error: "busy", details: { retryAfter: 2 } });
  });

  it("runs proxy.ts's Host and path checks itself, since the proxy skips the upload endpoint", async () => {
    const handler = vi.fn(async () => Response.json({ ok: true }));
    const route = handle({ access: "public" }, handler);
    const rebound = await route(request({ host: "rebind.attacker.example:3000" }));
    expect(rebound.status).toBe(421);
    expect(await rebound.json()).toMatchObject({ error: "misdirected_request" });
    expect(rebound.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const malformed = await route(
      new Request("http://localhost/api/hosts/%ZZ/kernel", {
        headers: { host: "localhost" },
      }) as unknown as NextRequest,
    );
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: "malformed_url" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("puts the API's security headers on every answer, HSTS over TLS only", async () => {
    const route = handle({ access: "public" }, async () => Response.json({ ok: true }));
    const plain = await route(request({ host: "localhost:3000" }));
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("referrer-policy")).toBe("same-origin");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const tls = await route(request({ host: "localhost", "x-forwarded-proto": "https" }));
    expect(tls.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    const refused = await handle({ access: "write" }, async () => new Response("ran"))(request());
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
