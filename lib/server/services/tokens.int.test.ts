import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../db";
import { createApiToken, revokeApiToken, VERIFIED_TTL_MS, verifyApiToken } from "./tokens";

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

afterEach(() => {
  vi.useRealTimers();
});

describe("API token revocation", () => {
  it("takes effect at once in the process that revoked the token", async () => {
    const { name, token } = await createApiToken(unique("revoke-here"));
    expect(await verifyApiToken(token)).toBe(name);
    expect(await revokeApiToken(name)).toBe(true);
    expect(await verifyApiToken(token)).toBeNull();
  });

  it("takes effect within a second when another process (the CLI) revoked it", async () => {
    expect(VERIFIED_TTL_MS).toBeLessThanOrEqual(1_000);
    const { name, token } = await createApiToken(unique("revoke-elsewhere"));
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(await verifyApiToken(token)).toBe(name);
    // What `npx panicboard token revoke` does in its own process: this process's cache does not know.
    await getDb().apiToken.updateMany({ where: { name }, data: { revokedAt: new Date() } });
    vi.advanceTimersByTime(VERIFIED_TTL_MS - 1);
    expect(await verifyApiToken(token)).toBe(name);
    vi.advanceTimersByTime(1);
    expect(await verifyApiToken(token)).toBeNull();
  });
});
