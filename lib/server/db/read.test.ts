import { describe, expect, it } from "vitest";
import { READ_AFTER_COOKIE, readAfterCookie } from "./read";

describe("readAfterCookie", () => {
  it("is the cookie rememberWrite sets through next/headers, as a Set-Cookie value", () => {
    expect(readAfterCookie("0/16B3748")).toBe(
      `${READ_AFTER_COOKIE}=0%2F16B3748; Path=/; Max-Age=60; HttpOnly; SameSite=Lax`,
    );
  });
});
