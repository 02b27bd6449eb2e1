import { describe, expect, it } from "vitest";
import { envSchema } from "../env";
import { hasReadAccess } from "./auth";
import { createApiToken } from "./services/tokens";

const env = (vars: Record<string, string>) => envSchema.parse(vars);
const request = (authorization?: string) =>
  new Request("http://panicboard.test/hosts", { headers: authorization ? { authorization } : {} });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("read access", () => {
  it("is open by default", async () => {
    expect(await hasReadAccess(request(), env({}))).toBe(true);
  });

  it("with PANICBOARD_READ_AUTH=basic needs exactly the configured user:password", async () => {
    const e = env({ PANICBOARD_READ_AUTH: "basic", PANICBOARD_BASIC_AUTH: "ops:s3cret" });
    expect(await hasReadAccess(request(), e)).toBe(false);
    expect(await hasReadAccess(request(basic("ops", "wrong")), e)).toBe(false);
    expect(await hasReadAccess(request(basic("ops", "s3cret")), e)).toBe(true);
  });

  it("with PANICBOARD_READ_AUTH=token takes an API token as Bearer or as the basic-auth password", async () => {
    const e = env({ PANICBOARD_READ_AUTH: "token" });
    const { token } = await createApiToken(`reader-${Date.now().toString(36)}`);
    expect(await hasReadAccess(request(), e)).toBe(false);
    expect(await hasReadAccess(request("Bearer pb_wrong"), e)).toBe(false);
    expect(await hasReadAccess(request(`Bearer ${token}`), e)).toBe(true);
    expect(await hasReadAccess(request(basic("anyone", token)), e)).toBe(true);
  });
});
