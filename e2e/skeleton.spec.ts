import { expect, test } from "./fixtures";
import { SEED_TEXT, saveScreenshot, uniqueHost, uploadText } from "./helpers";

test("health reports a reachable, migrated database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ ok: true, database: "reachable", migrations: { pending: [], failed: [] } });
  expect(body.migrations.applied).toBeGreaterThan(0);
});

test("an uploaded seed crash appears on /hosts and its raw text on the panic page", async ({
  page,
  request,
  token,
}) => {
  const host = uniqueHost("lvs");
  const response = await uploadText(request, token, SEED_TEXT, host);
  expect(response.status()).toBe(201);
  const created = await response.json();
  expect(created.url).toBe(`/panics/${created.id}`);
  expect(created.host).toBe(host);
  expect(created.kernelRelease).toBe("2.6.32-279.14.1.el6.x86_64");
  expect(created.title).toBe("kernel BUG in tcp_v4_err");

  await page.goto(`/hosts?q=${encodeURIComponent(host)}`);
  await expect(page).toHaveTitle(/Hosts · panicboard/);
  const row = page.getByRole("row").filter({ hasText: host });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("2.6.32-279.14.1.el6.x86_64");
  await saveScreenshot(page, "skeleton-hosts");

  await page.goto(created.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("kernel BUG in tcp_v4_err");
  const raw = page.getByTestId("raw-text");
  await expect(raw).toContainText("kernel BUG at net/ipv4/tcp_ipv4.c:417!");
  await expect(raw).toContainText("NODENAME: XXXXXX(masked)");
  await saveScreenshot(page, "skeleton-panic");
});

test("the host falls back to the NODENAME of the crash sys header", async ({ request, token }) => {
  const text = SEED_TEXT.replace("NODENAME: XXXXXX(masked)", `NODENAME: ${uniqueHost("nodename")}`);
  const response = await uploadText(request, token, text);
  expect(response.status()).toBe(201);
  const created = await response.json();
  expect(created.host).toMatch(/^nodename-/);
});

test("small API answers go out uncompressed, long lists gzipped", async ({ request, token }) => {
  const host = uniqueHost("gzip");
  const gzip = { "accept-encoding": "gzip" };
  for (let i = 0; i < 6; i++) {
    const created = await request.post(`/api/panics?host=${encodeURIComponent(host)}`, {
      headers: { ...gzip, "content-type": "text/plain", authorization: `Bearer ${token}` },
      data: `upload ${i}\n${SEED_TEXT}`,
    });
    expect(created.status()).toBe(201);
    expect(created.headers()["content-encoding"]).toBeUndefined();
    expect(created.headers()["cache-control"]).toBe("no-transform");
  }

  const list = await request.get(`/api/panics?host=${encodeURIComponent(host)}`, { headers: gzip });
  expect(list.status()).toBe(200);
  expect((await list.json()).panics).toHaveLength(6);
  expect((await list.body()).length).toBeGreaterThan(1024);
  expect(list.headers()["content-encoding"]).toBe("gzip");
});
