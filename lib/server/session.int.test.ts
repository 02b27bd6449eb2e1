import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "./db";
import { createApiToken, revokeApiToken } from "./services/tokens";
import { createSession, deleteSession, readSession, resolveActionWriter, SESSION_TTL_MS } from "./session";

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
const TOKEN_ENV = { PANICBOARD_READ_AUTH: "none", PANICBOARD_BASIC_AUTH: undefined } as const;
const BASIC_ENV = { PANICBOARD_READ_AUTH: "basic", PANICBOARD_BASIC_AUTH: "ops:s3cret" } as const;
const browser = (extra: Record<string, string> = {}) =>
  new Headers({ host: "dash.example:3000", origin: "http://dash.example:3000", ...extra });

afterEach(() => {
  vi.useRealTimers();
});

describe("dashboard sessions", () => {
  it("open with an API token: the cookie is random, only its hash is stored, and it names the token", async () => {
    const { name, token } = await createApiToken(unique("alice"));
    const session = await createSession({ token }, TOKEN_ENV);
    expect(session.principal).toBe(name);
    expect(session.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.cookie).not.toContain(token);
    const rows = await getDb().dashboardSession.findMany({ where: { principal: name } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idHash).not.toBe(session.cookie);
    expect(await readSession(session.cookie, TOKEN_ENV)).toMatchObject({ principal: name });
  });

  it("refuse a wrong token, and basic-auth credentials unless PANICBOARD_READ_AUTH=basic has them", async () => {
    await expect(createSession({ token: "pb_nottherealtoken" }, TOKEN_ENV)).rejects.toMatchObject({
      code: "unauthorized",
    });
    await expect(createSession({ user: "ops", password: "s3cret" }, TOKEN_ENV)).rejects.toMatchObject({
      code: "unauthorized",
    });
    await expect(createSession({ user: "ops", password: "wrong" }, BASIC_ENV)).rejects.toMatchObject({
      code: "unauthorized",
    });
    const basic = await createSession({ user: "ops", password: "s3cret" }, BASIC_ENV);
    expect(await readSession(basic.cookie, BASIC_ENV)).toMatchObject({ principal: "ops" });
    // A changed password ends the sessions opened with the old one.
    expect(await readSession(basic.cookie, { ...BASIC_ENV, PANICBOARD_BASIC_AUTH: "ops:new" })).toBeNull();
  });

  it("refuse a forged, an expired, a signed-out and a revoked token's cookie", async () => {
    const { name, token } = await createApiToken(unique("bob"));
    const session = await createSession({ token }, TOKEN_ENV);
    const forged = `${session.cookie.slice(0, -1)}${session.cookie.endsWith("A") ? "B" : "A"}`;
    expect(await readSession(forged, TOKEN_ENV)).toBeNull();
    expect(await readSession("a".repeat(43), TOKEN_ENV)).toBeNull();
    expect(await readSession(`${session.cookie}'; DROP TABLE x`, TOKEN_ENV)).toBeNull();
    const later = new Date(Date.now() + SESSION_TTL_MS + 1_000);
    expect(await readSession(session.cookie, TOKEN_ENV, later)).toBeNull();

    const other = await createSession({ token }, TOKEN_ENV);
    await deleteSession(other.cookie);
    expect(await readSession(other.cookie, TOKEN_ENV)).toBeNull();

    expect(await readSession(session.cookie, TOKEN_ENV)).not.toBeNull();
    await revokeApiToken(name);
    expect(await readSession(session.cookie, TOKEN_ENV)).toBeNull();
  });
});

describe("resolveActionWriter (every server action that writes)", () => {
  const env = { ...TOKEN_ENV, PANICBOARD_WRITE_AUTH: "token" } as const;

  it("refuses a request without a credential, from a browser or from a script without Origin", async () => {
    await expect(resolveActionWriter(browser(), undefined, env)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(resolveActionWriter(new Headers({ host: "dash.example:3000" }), undefined, env)).rejects.toMatchObject(
      { code: "unauthorized", message: expect.stringMatching(/sign in/i) },
    );
    await expect(resolveActionWriter(browser(), "x".repeat(43), env)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("takes a session cookie or an API token, and names the writer", async () => {
    const { name, token } = await createApiToken(unique("carol"));
    const { cookie } = await createSession({ token }, TOKEN_ENV);
    expect(await resolveActionWriter(browser(), cookie, env)).toEqual({ name, via: "session" });
    const script = new Headers({ host: "dash.example:3000", authorization: `Bearer ${token}` });
    expect(await resolveActionWriter(script, undefined, env)).toEqual({ name, via: "token" });
  });

  it("refuses another site's request even with a valid cookie (CSRF)", async () => {
    const { token } = await createApiToken(unique("dave"));
    const { cookie } = await createSession({ token }, TOKEN_ENV);
    for (const origin of ["http://evil.example", "null", "http://dash.example:3001"]) {
      await expect(resolveActionWriter(browser({ origin }), cookie, env), origin).rejects.toMatchObject({
        code: "unauthorized",
        message: expect.stringMatching(/another site/),
      });
    }
  });

  it("lets anyone write only with PANICBOARD_WRITE_AUTH=none (the lab opt-in)", async () => {
    const open = { ...env, PANICBOARD_WRITE_AUTH: "none" } as const;
    expect(await resolveActionWriter(new Headers({ host: "dash.example" }), undefined, open)).toEqual({
      name: "anonymous",
      via: "open",
    });
    await expect(
      resolveActionWriter(browser({ origin: "http://evil.example" }), undefined, open),
    ).rejects.toMatchObject({ code: "unauthorized" });
  });
});
