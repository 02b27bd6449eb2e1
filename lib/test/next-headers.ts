/**
 * A stand-in for next/headers in integration tests of server actions, which read the request's
 * headers and cookies: `vi.mock("next/headers", async () => (await import("@/lib/test/next-headers")).nextHeadersMock)`.
 */
export const fakeRequest = {
  headers: new Headers(),
  cookies: new Map<string, string>(),
  /** The options of the last cookie set, to check its flags. */
  lastSetOptions: undefined as Record<string, unknown> | undefined,
};

/** Starts a request: its headers (a browser's Host and Origin by default) and cookies. */
export function setFakeRequest(
  headers: Record<string, string> = { host: "localhost:3000", origin: "http://localhost:3000" },
  cookies: Record<string, string> = {},
): void {
  fakeRequest.headers = new Headers(headers);
  fakeRequest.cookies = new Map(Object.entries(cookies));
  fakeRequest.lastSetOptions = undefined;
}

export const nextHeadersMock = {
  headers: async () => fakeRequest.headers,
  cookies: async () => ({
    get: (name: string) => {
      const value = fakeRequest.cookies.get(name);
      return value === undefined ? undefined : { name, value };
    },
    set: (name: string, value: string, options?: Record<string, unknown>) => {
      fakeRequest.cookies.set(name, value);
      fakeRequest.lastSetOptions = options;
    },
    delete: (name: string) => {
      fakeRequest.cookies.delete(name);
    },
  }),
};
