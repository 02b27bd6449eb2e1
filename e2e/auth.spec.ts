import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { saveScreenshot, signIn, uniqueHost, uploadText } from "./helpers";

const fixture = (name: string) => readFileSync(join("lib", "crash", "fixtures", "rhel", name), "utf8");

test("dashboard writes need a sign-in; a signed-in user creates, edits and deletes a bug and sees its History", async ({
  page,
  request,
  token,
  context,
}) => {
  // Signed out: a Sign in link, and the Upload page's action is refused on the server.
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/sign-in");
  await page.getByLabel(/API token/).fill("pb_not-a-real-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The API token is invalid or revoked")).toBeVisible();

  await signIn(page, token);
  await saveScreenshot(page, "sign-in");
  const cookie = (await context.cookies()).find((c) => c.name === "panicboard_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  expect(cookie?.value).not.toContain(token);

  const host = uniqueHost("auth");
  const created = await uploadText(request, token, fixture("rhel9-null-deref.txt"), host);
  expect(created.status()).toBe(201);
  const panic = await created.json();
  await page.goto(`/panics/${panic.id}`);
  await page.getByRole("link", { name: "Create a known bug from this signature" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create known bug");
  const id = `E2E-AUTH-${Date.now().toString(36)}`;
  await page.getByLabel(/^Id/).fill(id);
  await page.getByLabel("Description").fill("Created by e2e/auth.spec.ts.");
  await page.getByLabel("el9", { exact: true }).fill("5.14.0-427.el9");
  await page.getByRole("button", { name: "Create known bug" }).click();
  await expect(page).toHaveURL(new RegExp(`/bugs/${id}`));
  await expect(page.getByTestId("bug-history")).toContainText("created");

  const edit = page.getByRole("form", { name: "Edit known bug" });
  await edit.getByLabel("Title").fill("NULL dereference in blk_mq_dispatch_rq_list (edited)");
  await edit.getByLabel("Fixed in el9").fill("5.14.0-503.el9");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "NULL dereference in blk_mq_dispatch_rq_list (edited)",
  );
  const history = page.getByTestId("bug-history");
  await expect(history).toContainText("edited");
  await expect(history).toContainText("5.14.0-503.el9");
  await expect(history).toContainText(/e2e-/);
  await saveScreenshot(page, "bug-history");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete this known bug" }).click();
  await expect(page).toHaveURL(/\/bugs\?deleted=/);
  expect((await request.get(`/api/panics/${panic.id}`)).ok()).toBe(true);
  expect((await (await request.get(`/api/panics/${panic.id}`)).json()).bug).toBeNull();

  // Signed out, the bug page offers Sign in instead of the form, and the header says Sign in again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("a catalogue bug says it is read-only", async ({ page, token }) => {
  await signIn(page, token);
  await page.goto("/bugs/rhel6-tcp_v4_err-BUG_ON-skb");
  await expect(page.getByTestId("catalogue-note")).toContainText("read-only");
  await expect(page.getByRole("form", { name: "Edit known bug" })).toHaveCount(0);
});

test("a panic page of 100,000 lines stays under 500 KB of HTML, and the download has every line", async ({
  request,
  token,
}) => {
  const text = `${"[    0.000000] boot\n".repeat(50_000)}${fixture("rhel9-null-deref.txt")}\n${"[ 99.1] x\n".repeat(50_000)}`;
  const host = uniqueHost("big");
  const created = await uploadText(request, token, text, host);
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const started = Date.now();
  const page = await request.get(`/panics/${id}`);
  const html = await page.text();
  expect(page.status()).toBe(200);
  expect(Buffer.byteLength(html)).toBeLessThan(500 * 1024);
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(html).toContain("not shown");
  const raw = await request.get(`/api/panics/${id}?format=raw`);
  expect((await raw.text()).split("\n").length).toBe(text.split("\n").length);
  const range = await request.get(`/api/panics/${id}?format=raw&from=41&to=45`);
  expect(await range.text()).toBe("[    0.000000] boot\n".repeat(5).trimEnd());
});
