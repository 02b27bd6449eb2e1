import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";

export const SEED_TEXT = readFileSync(
  new URL("../lib/crash/fixtures/rhel/rhel6-seed-session.txt", import.meta.url),
  "utf8",
);

/** A hostname no other spec uses, so specs never see each other's data. */
export function uniqueHost(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function uploadText(request: APIRequestContext, token: string, text: string, host?: string) {
  const query = host ? `?host=${encodeURIComponent(host)}` : "";
  return request.post(`/api/panics${query}`, {
    headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
    data: text,
  });
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join("e2e", "screenshots", `${name}.png`), fullPage: true });
}

/**
 * Signs the page's browser in with an API token through the Sign in page (writes from the dashboard
 * need it): `await signIn(page, token)`. The session cookie then holds for the page's context.
 */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel(/API token/).fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("header-signed-in-as").waitFor();
}
