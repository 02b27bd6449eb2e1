import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { SEED_TEXT, saveScreenshot, signIn, uniqueHost, uploadText } from "./helpers";

/**
 * The fix finder's story, on the server playwright.config.ts starts without the seed bug in its
 * catalogue (PANICBOARD_CATALOGUE_EXCLUDE): the seed crash is unmatched, its panic page names the
 * el6 changelog entry that fixes it, one click prefills a known bug, and saving puts the host on
 * /updates with the 6.5 GA kernel as its target.
 */

const FIX_DATABASE_URL = `postgresql://panicboard:panicboard@127.0.0.1:${process.env.PANICBOARD_E2E_FIX_PG_PORT ?? "54340"}/panicboard`;
const SEED_FIX = "[net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]";
const SEED_TITLE = "tcp: Don't change unlocked socket state in tcp_v4_err()";

function createToken(): string {
  return execFileSync(
    "node",
    ["lib/cli/panicboard.mjs", "token", "create", "--name", `e2e-fix-finder-${Date.now().toString(36)}`],
    { env: { ...process.env, DATABASE_URL: FIX_DATABASE_URL }, encoding: "utf8" },
  ).trim();
}

test("the seed crash, unmatched: the panic page names BZ 757658, one click prefills the bug, the host needs 2.6.32-431.el6", async ({
  page,
  request,
}) => {
  const host = uniqueHost("lvs-fix");
  const token = createToken();
  const uploaded = await uploadText(request, token, SEED_TEXT, host);
  expect(uploaded.status()).toBe(201);
  const panic = await uploaded.json();
  expect(panic.bug).toBeNull();

  // The Bugs page: the unmatched signature's best candidate and the release that shipped it.
  await page.goto("/bugs");
  const signatureRow = page.getByRole("row").filter({ hasText: "kernel BUG in tcp_v4_err" });
  await expect(signatureRow).toHaveCount(1);
  await expect(signatureRow.getByRole("link", { name: "2.6.32-364.el6", exact: true })).toBeVisible();
  await expect(signatureRow).toContainText("RHEL 6.5");
  await saveScreenshot(page, "fix-finder-1-bugs");

  // The host page: the candidate kernel of its unmatched panic.
  await page.goto(`/hosts/${encodeURIComponent(host)}`);
  await expect(page.getByRole("row").filter({ hasText: "kernel BUG in tcp_v4_err" })).toContainText("2.6.32-431.el6");
  await saveScreenshot(page, "fix-finder-2-host");

  // The panic page: Possible fixes, the seed's fix first.
  await page.goto(panic.url);
  const fixes = page.getByRole("region", { name: "Possible fixes" });
  await expect(fixes).toBeVisible();
  const first = fixes.getByTestId("fix-candidate").first();
  await expect(first).toContainText(SEED_FIX);
  await expect(first).toContainText("tcp_v4_err (the guilty frame)");
  await expect(first).toContainText("2.6.32-364.el6");
  await expect(first).toContainText("RHEL 6.5 — 2.6.32-431.el6");
  await expect(first.getByRole("link", { name: "Bugzilla 757658" })).toHaveAttribute(
    "href",
    "https://bugzilla.redhat.com/show_bug.cgi?id=757658",
  );
  await fixes.scrollIntoViewIfNeeded();
  await saveScreenshot(page, "fix-finder-3-panic");

  // One click: the form, prefilled from the entry (creating a bug needs a sign-in).
  await signIn(page, token);
  await page.goto(panic.url);
  await first.getByRole("link", { name: "Create known bug from this fix" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create known bug");
  await expect(page.getByRole("note")).toContainText("Prefilled from the changelog entry of 2.6.32-364.el6");
  await expect(page.getByLabel(/^Title/)).toHaveValue(SEED_TITLE);
  await expect(page.getByLabel(/^Id/)).toHaveValue("RHBZ-757658");
  await expect(page.getByLabel(/^Description/)).toHaveValue(/First shipped in RHEL 6\.5 — 2\.6\.32-431\.el6\./);
  await expect(page.getByLabel(/^References/)).toHaveValue("https://bugzilla.redhat.com/show_bug.cgi?id=757658");
  await expect(page.getByLabel("el6", { exact: true })).toHaveValue("2.6.32-431.el6");
  await expect(page.getByLabel("el7", { exact: true })).toHaveValue("");
  await expect(page.getByText("tcp_v4_err, called from").first()).toBeVisible();
  await saveScreenshot(page, "fix-finder-4-form");

  await page.getByRole("button", { name: "Create known bug" }).click();
  await expect(page).toHaveURL(/\/bugs\/RHBZ-757658\?created=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByRole("row").filter({ hasText: host })).toHaveCount(1);
  await saveScreenshot(page, "fix-finder-5-bug");

  // Saving re-matched the panic: the host needs the first kernel that shipped the fix.
  await page.goto("/updates?bug=RHBZ-757658");
  const row = page.getByRole("row").filter({ hasText: host });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(1)).toHaveText("2.6.32-279.14.1.el6.x86_64");
  await expect(row.getByRole("cell").nth(2)).toHaveText("2.6.32-431.el6");
  await saveScreenshot(page, "fix-finder-6-updates");

  // The panic page now shows the match, its own fix in the open, the other entries folded below it.
  await page.goto(panic.url);
  await expect(page.getByRole("link", { name: SEED_TITLE }).first()).toBeVisible();
  const fixesNow = page.getByRole("region", { name: "Fixes in the changelogs" });
  await expect(fixesNow).toContainText("The changelog entry that fixes");
  const own = fixesNow.getByTestId("fix-candidate").first();
  await expect(own).toBeVisible();
  await expect(own).toContainText(SEED_FIX);
  await expect(fixesNow.getByRole("link", { name: "Create known bug from this fix" })).toHaveCount(0);
  const summary = fixesNow.getByText(/other changelog entr(y|ies) that may also concern this crash/);
  await expect(summary).toBeVisible();
  const folded = fixesNow.locator("details");
  await expect(folded.getByTestId("fix-candidate").first()).toBeHidden();
  await summary.click();
  await expect(folded.getByTestId("fix-candidate").first()).toBeVisible();
  await expect(folded.getByTestId("fix-candidate").filter({ hasText: SEED_FIX })).toHaveCount(0);
  await saveScreenshot(page, "fix-finder-7-panic-matched");
});
