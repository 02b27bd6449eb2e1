import { request as httpRequest } from "node:http";
import { expect, test } from "./fixtures";
import { SEED_TEXT, signIn, uniqueHost } from "./helpers";

const PORT = Number(process.env.PANICBOARD_E2E_PORT ?? 3100);

/** A raw request with the Host header we choose (browsers and Playwright set their own). */
function rawRequest(path: string, host: string, method = "GET"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: PORT, path, method, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("pages carry a nonce CSP, nosniff and a referrer policy; every script has the nonce; nothing is blocked", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  for (const path of ["/", "/hosts", "/bugs", "/updates", "/upload", "/no-such-page"]) {
    const response = await page.goto(path);
    const headers = response!.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["strict-transport-security"], path).toBeUndefined();
    const scripts = await page
      .locator("script")
      .evaluateAll((nodes) =>
        nodes.map((n) => ({ src: n.getAttribute("src"), nonce: (n as HTMLScriptElement).nonce })),
      );
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const script of scripts) expect(script.nonce, `${path} ${script.src ?? "inline"}`).toBe(nonce);
  }
  expect(violations).toEqual([]);
});

test("with the CSP on, the Upload page hydrates and its server action takes a text of exactly the size limit", async ({
  page,
  token,
}) => {
  const limit = 10 * 1024 * 1024;
  const host = uniqueHost("at-limit");
  const padding = "padding line of a console capture\n".repeat(Math.ceil(limit / 34));
  const text = `${SEED_TEXT}\n${padding}`.slice(0, limit);
  expect(Buffer.byteLength(text)).toBe(limit);
  await signIn(page, token);
  await page.goto("/upload");
  // fill() types 10 MiB far too slowly: set the value as a paste would, and let React see the input event.
  await page.getByLabel("Crash text").evaluate((element, value) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
    setValue?.call(element, value);
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  await page.getByLabel(/Hostname/).fill(host);
  await page.getByRole("button", { name: "Preview" }).click();
  const results = page.getByTestId("upload-results");
  await expect(results).toContainText("kernel BUG in tcp_v4_err", { timeout: 60_000 });
  await expect(results).not.toContainText("too_large");
});

test("a Host header this dashboard does not answer to gets 421, on pages, the API and the health check", async () => {
  for (const path of ["/", "/hosts", "/api/health", "/api/panics"]) {
    const refused = await rawRequest(path, "rebind.attacker.example:3100");
    expect(refused.status, path).toBe(421);
    expect(refused.body, path).toContain("PANICBOARD_ALLOWED_HOSTS");
  }
  expect((await rawRequest("/api/health", `localhost:${PORT}`)).status).toBe(200);
  expect((await rawRequest("/api/health", `127.0.0.1:${PORT}`)).status).toBe(200);
});

test("a malformed percent escape in a path is 400, not 500", async () => {
  expect((await rawRequest("/hosts/%ZZ", `127.0.0.1:${PORT}`)).status).toBe(400);
  expect((await rawRequest("/api/hosts/%ZZ/kernel", `127.0.0.1:${PORT}`, "POST")).status).toBe(400);
  expect((await rawRequest("/bugs/%E0%A4%A", `127.0.0.1:${PORT}`)).status).toBe(400);
});
