import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { SEED_TEXT, saveScreenshot, signIn, uniqueHost, uploadText } from "./helpers";

const TCP_BUG = "rhel6-tcp_v4_err-BUG_ON-skb";
const fixture = (name: string) => readFileSync(join("lib", "crash", "fixtures", "rhel", name), "utf8");

test("upload the seed in the UI: it matches tcp_v4_err, the host needs 2.6.32-431.el6, and leaves /updates once it reports that kernel", async ({
  page,
  request,
  token,
}) => {
  const host = uniqueHost("lvs-ui");
  await signIn(page, token);
  await page.goto("/upload");
  await expect(page).toHaveTitle(/Upload · panicboard/);
  await page.getByLabel("Crash text").fill(SEED_TEXT);
  await page.getByLabel(/Hostname/).fill(host);
  await page.getByRole("button", { name: "Preview" }).click();
  const results = page.getByTestId("upload-results");
  await expect(results).toContainText("kernel BUG in tcp_v4_err");
  await expect(results).toContainText("2.6.32-279.14.1.el6.x86_64");
  await expect(results).toContainText("fixed in 2.6.32-431.el6");
  await expect(page.getByRole("heading", { name: /Preview/ })).toBeVisible();
  await saveScreenshot(page, "upload-preview");

  await page.getByRole("button", { name: "Upload" }).click();
  await expect(results).toContainText("stored");
  await expect(results.getByRole("link", { name: /tcp_v4_err/ }).first()).toBeVisible();
  await saveScreenshot(page, "upload-result");

  await page.goto(`/updates?bug=${TCP_BUG}`);
  const row = page.getByRole("row").filter({ hasText: host });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(1)).toHaveText("2.6.32-279.14.1.el6.x86_64");
  await expect(row.getByRole("cell").nth(2)).toHaveText("2.6.32-431.el6");
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    `/api/hosts/needs-update?format=csv&bug=${TCP_BUG}`,
  );
  await saveScreenshot(page, "updates-before-patch");

  const report = await request.post(`/api/hosts/${encodeURIComponent(host)}/kernel`, {
    headers: { authorization: `Bearer ${token}` },
    data: { kernelRelease: "2.6.32-431.el6.x86_64" },
  });
  expect(report.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: host })).toHaveCount(0);
  await page.goto("/updates");
  await expect(page.getByRole("row").filter({ hasText: host })).toHaveCount(0);
  await saveScreenshot(page, "updates-after-patch");

  await page.goto(`/hosts/${encodeURIComponent(host)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(host);
  await expect(page.getByText("2.6.32-431.el6.x86_64").first()).toBeVisible();
  await saveScreenshot(page, "host");
});

test("create a known bug from an unmatched signature: its panics move under the new bug", async ({
  page,
  request,
  token,
}) => {
  const host = uniqueHost("db");
  const created = await uploadText(request, token, fixture("rhel9-null-deref.txt"), host);
  expect(created.status()).toBe(201);
  const panic = await created.json();
  expect(panic.bug).toBeNull();
  const title = "BUG: unable to handle kernel NULL pointer dereference in blk_mq_dispatch_rq_list";

  await signIn(page, token);
  await page.goto("/bugs");
  await expect(page).toHaveTitle(/Bugs · panicboard/);
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await saveScreenshot(page, "bugs");
  await row.getByRole("link", { name: "Create known bug" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create known bug");
  await expect(page.getByText("blk_mq_dispatch_rq_list").first()).toBeVisible();

  const id = `E2E-BLKMQ-${Date.now().toString(36)}`;
  await page.getByLabel(/^Title/).fill("NULL dereference in blk_mq_dispatch_rq_list (e2e)");
  await page.getByLabel(/^Id/).fill(id);
  await page.getByLabel(/^Description/).fill("A NULL request queue pointer in blk_mq_dispatch_rq_list; fixed in 9.4.");
  await page.getByLabel(/^References/).fill("https://bugzilla.redhat.com/show_bug.cgi?id=2000001");
  await page.getByLabel("el9").fill("5.14.0-427.13.1.el9_4");
  await saveScreenshot(page, "bug-create-form");
  await page.getByRole("button", { name: "Create known bug" }).click();

  await expect(page).toHaveURL(new RegExp(`/bugs/${id}\\?created=1$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("NULL dereference in blk_mq_dispatch_rq_list (e2e)");
  await expect(page.getByRole("row").filter({ hasText: host })).toHaveCount(1);
  await expect(page.getByText("5.14.0-427.13.1.el9_4").first()).toBeVisible();
  await saveScreenshot(page, "bug");

  await page.goto(panic.url);
  await expect(page.getByRole("link", { name: "NULL dereference in blk_mq_dispatch_rq_list (e2e)" })).toBeVisible();
  await page.goto("/bugs");
  await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
});

test("host filters and sorting live in the URL and survive a reload", async ({ page, request, token }) => {
  const prefix = uniqueHost("flt");
  expect((await uploadText(request, token, SEED_TEXT, `${prefix}-a`)).status()).toBe(201);
  expect((await uploadText(request, token, fixture("rhel8-soft-lockup-xfs.txt"), `${prefix}-b`)).status()).toBe(201);

  await page.goto("/hosts");
  await page.getByLabel("Hostname", { exact: true }).fill(prefix);
  await page.getByLabel("RHEL release").selectOption("6");
  await page.getByLabel("Needs update").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/needsUpdate=1/);
  await expect(page).toHaveURL(/release=6/);
  await expect(page.getByTestId("row")).toHaveCount(1);
  await page.getByRole("link", { name: "Sort by Hostname" }).click();
  await expect(page).toHaveURL(/sort=hostname/);

  await page.reload();
  await expect(page.getByLabel("Hostname", { exact: true })).toHaveValue(prefix);
  await expect(page.getByLabel("RHEL release")).toHaveValue("6");
  await expect(page.getByLabel("Needs update")).toBeChecked();
  await expect(page.getByTestId("row")).toHaveCount(1);
  await expect(page.getByTestId("row")).toContainText(`${prefix}-a`);
  await saveScreenshot(page, "hosts-filtered");

  await page.goto(`/hosts?q=${prefix}&unmatched=1`);
  await expect(page.getByTestId("row")).toHaveCount(1);
  await expect(page.getByTestId("row")).toContainText(`${prefix}-b`);
  await expect(page.getByLabel("Has unmatched panics")).toBeChecked();
});

test("every page renders with its heading and title, and the panic page highlights the key lines", async ({
  page,
  request,
  token,
}) => {
  const host = uniqueHost("pages");
  const seeded = await (await uploadText(request, token, SEED_TEXT, host)).json();
  await uploadText(request, token, fixture("rhel7-virtio-null-deref.txt"), host);

  const pages: [string, RegExp, string][] = [
    ["/", /Overview · panicboard/, "overview"],
    ["/hosts", /Hosts · panicboard/, "hosts"],
    [`/hosts/${host}`, new RegExp(`${host} · panicboard`), "host-detail"],
    [`/bugs/${TCP_BUG}`, /tcp_v4_err.* · panicboard/, "bug-tcp"],
    ["/releases", /Releases · panicboard/, "releases"],
    ["/updates", /Updates · panicboard/, "updates"],
  ];
  for (const [url, title, shot] of pages) {
    await page.goto(url);
    await expect(page).toHaveTitle(title);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0);
    await saveScreenshot(page, shot);
  }
  await page.goto("/releases");
  await expect(page.getByText("RHEL 6.3").first()).toBeVisible();
  await page.getByText("RHEL 6.3", { exact: false }).first().click();
  await expect(page.getByRole("cell", { name: "2.6.32-279.14.1.el6.x86_64" }).first()).toBeVisible();

  await page.goto(seeded.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("kernel BUG in tcp_v4_err");
  await expect(page.locator('[data-mark="panic"]').first()).toContainText("kernel BUG at net/ipv4/tcp_ipv4.c:417!");
  await expect(page.locator('[data-mark="rip"]').first()).toContainText("tcp_v4_err");
  expect(await page.locator('[data-mark="trace"]').count()).toBeGreaterThan(5);
  await expect(page.getByText("bug-at-tcp-ipv4-in-tcp-v4-err-from-icmp")).toBeVisible();
  await expect(page.getByRole("link", { name: "Download raw text" })).toHaveAttribute(
    "href",
    `/api/panics/${seeded.id}?format=raw`,
  );
  await saveScreenshot(page, "panic");

  // Keyboard: the skip link is the first stop and moves focus past the navigation.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
});

test("the upload page explains every rejected input, one result line per file", async ({ page, token }) => {
  await signIn(page, token);
  await page.goto("/upload");
  await page.getByLabel(/choose or drop files/).setInputFiles([
    {
      name: "vmcore",
      mimeType: "application/octet-stream",
      buffer: Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01", "latin1"), Buffer.alloc(64)]),
    },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("nothing to see here\njust a note\n") },
    { name: "vmcore-dmesg.txt", mimeType: "text/plain", buffer: Buffer.from(fixture("rhel6-vmcore-dmesg.txt")) },
    { name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(10 * 1024 * 1024 + 1024, "a") },
  ]);
  await page.getByRole("button", { name: /Upload 4 items/ }).click();
  const results = page.getByTestId("upload-results").getByRole("listitem");
  await expect(results).toHaveCount(4);
  await expect(results.nth(0)).toContainText("an ELF file (a raw vmcore or core dump)");
  await expect(results.nth(1)).toContainText("No kernel crash found");
  await expect(results.nth(2)).toContainText("names no host");
  await expect(results.nth(3)).toContainText("the limit is");
  await saveScreenshot(page, "upload-rejected");
});

test("filtered lists with no rows say what to do next", async ({ page }) => {
  await page.goto("/hosts?q=no-such-host-anywhere");
  await expect(page.getByRole("heading", { name: "No host matches" })).toBeVisible();
  await page.goto("/updates?release=5.1");
  await expect(page.getByRole("heading", { name: "No host matches" })).toBeVisible();
  await saveScreenshot(page, "updates-empty");
  const missing = await page.goto("/hosts/no-such-host.example.net");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("a 3 MB console log with a crash in it uploads through the page (past the 1 MB server-action default)", async ({
  page,
  token,
}) => {
  await signIn(page, token);
  const noise = Array.from(
    { length: 40_000 },
    (_, i) => `[ ${(i / 100).toFixed(6)}] systemd[1]: boot noise line ${i} ${"x".repeat(40)}`,
  ).join("\n");
  const host = uniqueHost("bigfile");
  await page.goto("/upload");
  await page.getByLabel(/choose or drop files/).setInputFiles([
    {
      name: "console.log",
      mimeType: "text/plain",
      buffer: Buffer.from(`${noise}\n${fixture("rhel6-vmcore-dmesg.txt")}`),
    },
  ]);
  await page.getByLabel(/Hostname/).fill(host);
  await page.getByRole("button", { name: /Upload/ }).click();
  const results = page.getByTestId("upload-results").getByRole("listitem");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText("stored");
  await expect(results.first()).toContainText("tcp_v4_err");
});

test("each chart has its numbers in a table, for screen readers and exact counts", async ({ page, request, token }) => {
  const upload = await uploadText(request, token, SEED_TEXT, uniqueHost("chart"));
  expect(upload.status()).toBe(201);

  await page.goto(`/bugs/${TCP_BUG}`);
  const chart = page.getByRole("img", { name: /kernel release/i });
  await expect(chart).toBeVisible();
  const numbers = page.locator("details.chart-data").first();
  await numbers.getByText("Show the numbers").click();
  const table = numbers.getByRole("table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader")).toHaveText([
    "Kernel release",
    "before the fix",
    "on a kernel with the fix",
    "Total",
  ]);
  const row = table
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: "2.6.32-279.14.1.el6.x86_64" }) });
  await expect(row).toHaveCount(1);
  expect(Number(await row.getByRole("cell").first().textContent())).toBeGreaterThan(0);
  await saveScreenshot(page, "bug-chart-numbers");
});

test("clicking a column header sorts the hosts in SQL through ?sort= and ?dir=", async ({ page, request, token }) => {
  const prefix = uniqueHost("sort");
  for (const suffix of ["a", "b", "c"])
    expect((await uploadText(request, token, SEED_TEXT, `${prefix}-${suffix}`)).status()).toBe(201);
  const hostnames = () => page.getByTestId("row").getByRole("link", { name: new RegExp(`^${prefix}-`) });

  await page.goto(`/hosts?q=${prefix}`);
  await page.getByRole("link", { name: "Sort by Hostname" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${prefix}&sort=hostname$`));
  await expect(page.getByRole("columnheader", { name: "Sort by Hostname" })).toHaveAttribute("aria-sort", "ascending");
  await expect(hostnames()).toHaveText([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);

  await page.getByRole("link", { name: "Sort by Hostname" }).click();
  await expect(page).toHaveURL(/sort=hostname&dir=desc/);
  await expect(page.getByRole("columnheader", { name: "Sort by Hostname" })).toHaveAttribute("aria-sort", "descending");
  await expect(hostnames()).toHaveText([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
  // The filter form keeps the sort.
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/sort=hostname&dir=desc/);
  await expect(hostnames()).toHaveText([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
  await saveScreenshot(page, "hosts-sorted");

  await page.goto(`/updates?bug=${TCP_BUG}`);
  await page.getByRole("link", { name: "Sort by Host" }).click();
  await expect(page).toHaveURL(new RegExp(`bug=${TCP_BUG}&sort=hostname$`));
  await expect(hostnames()).toHaveText([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  await page.getByRole("link", { name: "Sort by Host" }).click();
  await expect(page).toHaveURL(/sort=hostname&dir=desc/);
  await expect(hostnames()).toHaveText([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
});

test("the Columns menu hides a column, and the URL remembers it through reloads, sorting and filters", async ({
  page,
  request,
  token,
}) => {
  const host = uniqueHost("cols");
  expect((await uploadText(request, token, SEED_TEXT, host)).status()).toBe(201);
  await page.goto(`/hosts?q=${host}`);
  const kernelHeader = page.getByRole("columnheader", { name: "Sort by Current kernel" });
  await expect(kernelHeader).toBeVisible();

  // click() and a retrying assertion rather than uncheck(): the box follows the URL (?hide=), which
  // Next updates a render after the click, and uncheck() reads the state at once.
  const kernelBox = page.getByRole("checkbox", { name: "Current kernel" });
  await page.getByText("Columns", { exact: true }).click();
  await kernelBox.click();
  await expect(kernelBox).not.toBeChecked();
  await expect(kernelHeader).toHaveCount(0);
  await expect(page.getByTestId("row")).not.toContainText("2.6.32-279.14.1.el6.x86_64");
  await expect(page).toHaveURL(/hide=kernel/);
  await saveScreenshot(page, "hosts-column-hidden");

  await page.reload();
  await expect(kernelHeader).toHaveCount(0);
  await page.getByRole("link", { name: "Sort by Panics" }).click();
  await expect(page).toHaveURL(/sort=panics/);
  await expect(page).toHaveURL(/hide=kernel/);
  await expect(kernelHeader).toHaveCount(0);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/hide=kernel/);
  await expect(kernelHeader).toHaveCount(0);

  await page.getByText(/^Columns/).click();
  await kernelBox.click();
  await expect(kernelBox).toBeChecked();
  await expect(kernelHeader).toBeVisible();
  await expect(page).not.toHaveURL(/hide=/);
});

test("selected hosts export as CSV with the visible columns, on Hosts and on Updates", async ({
  page,
  request,
  token,
}) => {
  const prefix = uniqueHost("csv");
  for (const suffix of ["a", "b"])
    expect((await uploadText(request, token, SEED_TEXT, `${prefix}-${suffix}`)).status()).toBe(201);
  const exportCsv = async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export selected hosts" }).click(),
    ]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
  };

  await page.goto(`/hosts?q=${prefix}&hide=panics30d,topBug`);
  await expect(page.getByRole("button", { name: "Export selected hosts" })).toBeDisabled();
  await page.getByRole("checkbox", { name: `Select ${prefix}-b` }).check();
  await expect(page.getByText("1 selected")).toBeVisible();
  const hosts = await exportCsv();
  expect(hosts.name).toBe("hosts.csv");
  const lines = hosts.text.trim().split("\r\n");
  expect(lines[0]).toBe("Hostname,Current kernel,RHEL,Panics,Last panic,Update");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(
    new RegExp(`^${prefix}-b,2\\.6\\.32-279\\.14\\.1\\.el6\\.x86_64,6\\.3,1,\\d{4}-.+,needs 2\\.6\\.32-431\\.el6$`),
  );

  await page.getByRole("checkbox", { name: "Select all rows" }).check();
  await expect(page.getByText("2 selected")).toBeVisible();
  const both = await exportCsv();
  expect(both.text).toContain(`${prefix}-a,`);
  expect(both.text).toContain(`${prefix}-b,`);
  await saveScreenshot(page, "hosts-selected");

  await page.goto(`/updates?bug=${TCP_BUG}`);
  await page.getByRole("checkbox", { name: `Select ${prefix}-a` }).check();
  const updates = await exportCsv();
  expect(updates.name).toBe("hosts-to-update.csv");
  const rows = updates.text.trim().split("\r\n");
  expect(rows[0]).toBe("Host,Current kernel,Target kernel,Fixes this bug,Bugs,Last panic");
  expect(rows).toHaveLength(2);
  expect(rows[1]).toContain(`${prefix}-a,2.6.32-279.14.1.el6.x86_64,2.6.32-431.el6,`);
});
