import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getPanicRoute } from "./panics/[id]/route";
import { GET as listPanicsRoute, POST as postPanics } from "./panics/route";
import { POST as postKernel } from "./hosts/[hostname]/kernel/route";
import { GET as needsUpdateRoute } from "./hosts/needs-update/route";
import { GET as healthRoute } from "./health/route";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { createApiToken, revokeApiToken } from "@/lib/server/services/tokens";

const SEED = readFileSync(join(__dirname, "../../lib/crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const DMESG = SEED.split("crash> log")[1]!.split("crash> bt")[0]!;
const BASE = "http://panicboard.test";
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

let token = "";

function post(path: string, body: BodyInit, headers: Record<string, string> = {}, auth = true) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

const text = (path: string, body: string, auth = true) =>
  postPanics(post(path, body, { "content-type": "text/plain" }, auth) as never);

describe("HTTP API on a real PostgreSQL", () => {
  beforeAll(async () => {
    await syncCatalogue();
    token = (await createApiToken(unique("routes"))).token;
  });

  it("GET /api/health is 200 with the migrations applied", async () => {
    const response = await healthRoute(new Request(`${BASE}/api/health`) as never);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: "reachable" });
  });

  it("POST /api/panics text/plain: 201, then 200 duplicate", async () => {
    const host = unique("api");
    const created = await text(`/api/panics?host=${host}`, SEED);
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({
      host,
      title: "kernel BUG in tcp_v4_err",
      bug: { id: "rhel6-tcp_v4_err-BUG_ON-skb", fixedIn: "2.6.32-431.el6" },
      needsUpdate: true,
    });
    expect(created.headers.get("location")).toBe(body.url);
    const again = await text(`/api/panics?host=${host}`, SEED);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ duplicate: true, id: body.id, url: body.url });

    const fetched = await getPanicRoute(new Request(`${BASE}/api/panics/${body.id}`) as never, {
      params: Promise.resolve({ id: body.id }),
    });
    expect(fetched.status).toBe(200);
    const panic = await fetched.json();
    expect(panic).toMatchObject({ id: body.id, host, rawText: SEED, kernelRelease: "2.6.32-279.14.1.el6.x86_64" });
    expect(panic.parsed.guiltyFrame).toBe("tcp_v4_err");
    const raw = await getPanicRoute(new Request(`${BASE}/api/panics/${body.id}?format=raw`) as never, {
      params: Promise.resolve({ id: body.id }),
    });
    expect(await raw.text()).toBe(SEED);
  });

  it("401 without a token, with a wrong one, and after revocation", async () => {
    expect((await text("/api/panics?host=x", SEED, false)).status).toBe(401);
    const wrong = await postPanics(
      post(
        "/api/panics?host=x",
        SEED,
        { "content-type": "text/plain", authorization: "Bearer pb_nope" },
        false,
      ) as never,
    );
    expect(wrong.status).toBe(401);
    const name = unique("revoked");
    const created = await createApiToken(name);
    const ok = await postPanics(
      post(
        `/api/panics?host=${unique("rv")}`,
        SEED,
        { "content-type": "text/plain", authorization: `Bearer ${created.token}` },
        false,
      ) as never,
    );
    expect(ok.status).toBe(201);
    expect(await revokeApiToken(name)).toBe(true);
    const revoked = await postPanics(
      post(
        `/api/panics?host=${unique("rv")}`,
        SEED,
        { "content-type": "text/plain", authorization: `Bearer ${created.token}` },
        false,
      ) as never,
    );
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: "unauthorized" });
  });

  it("413 over the size limit, 415 for a vmcore, 422 without a crash or a host, 400 for bad JSON", async () => {
    const big = `${SEED}\n${"x".repeat(11 * 1024 * 1024)}`;
    const tooLarge = await text("/api/panics?host=big", big);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: "too_large" });

    const elf = await postPanics(
      post("/api/panics?host=elf", Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01", "latin1"), Buffer.alloc(64)]), {
        "content-type": "text/plain",
      }) as never,
    );
    expect(elf.status).toBe(415);
    expect((await elf.json()).message).toMatch(/vmcore-dmesg\.txt/);

    const noCrash = await text("/api/panics?host=quiet", "Linux version 5.14.0\nsystemd[1]: started\n");
    expect(noCrash.status).toBe(422);
    expect(await noCrash.json()).toMatchObject({ error: "no_crash_detected" });

    const noHost = await text("/api/panics", DMESG);
    expect(noHost.status).toBe(422);
    expect(await noHost.json()).toMatchObject({ error: "hostname_required" });

    const badJson = await postPanics(post("/api/panics", "{not json", { "content-type": "application/json" }) as never);
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: "malformed_json" });

    const badField = await postPanics(
      post("/api/panics", JSON.stringify({ text: SEED, hostname: "bad host name!" }), {
        "content-type": "application/json",
      }) as never,
    );
    expect(badField.status).toBe(422);
    expect(await badField.json()).toMatchObject({
      error: "validation_failed",
      details: [expect.objectContaining({ path: ["hostname"] })],
    });
  });

  it("415 for NUL bytes anywhere (PostgreSQL cannot store them), 422 for an empty or oversized batch", async () => {
    const late = Buffer.concat([
      Buffer.from(SEED),
      Buffer.alloc(70 * 1024, 0x20),
      Buffer.from([0]),
      Buffer.from("tail\n"),
    ]);
    const nul = await postPanics(
      post(`/api/panics?host=${unique("nul")}`, late, { "content-type": "text/plain" }) as never,
    );
    expect(nul.status).toBe(415);
    for (const items of [[], Array.from({ length: 101 }, () => ({ text: SEED, hostname: "h" }))]) {
      const response = await postPanics(
        post("/api/panics", JSON.stringify({ items }), { "content-type": "application/json" }) as never,
      );
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: "validation_failed" });
    }
  });

  it("a JSON batch answers per item, and one bad item never drops the others", async () => {
    const host = unique("batch");
    const response = await postPanics(
      post(
        "/api/panics",
        JSON.stringify({
          items: [
            { text: SEED, hostname: host },
            { text: "nothing here", hostname: host },
            { text: DMESG },
            { text: SEED, hostname: host },
          ],
        }),
        { "content-type": "application/json" },
      ) as never,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ created: 1, duplicates: 1, rejected: 2 });
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 422, 422, 200]);
    expect(body.results[2]).toMatchObject({ item: "items[2]", error: "hostname_required" });
  });

  it("multipart uploads one summary per file, with a shared host field", async () => {
    const host = unique("multi");
    const form = new FormData();
    form.set("host", host);
    form.append("file", new Blob([DMESG], { type: "text/plain" }), "vmcore-dmesg.txt");
    form.append("file", new Blob([Buffer.from("KDUMP   \x00\x00binary", "latin1")]), "vmcore");
    const response = await postPanics(post("/api/panics", form) as never);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ created: 1, rejected: 1 });
    expect(body.results[0]).toMatchObject({ item: "vmcore-dmesg.txt", status: 201, panic: { host } });
    expect(body.results[1]).toMatchObject({ item: "vmcore", status: 415, error: "binary_content" });
  });

  it("GET /api/panics filters by host and pages with a cursor", async () => {
    const host = unique("list");
    for (const day of ["2013-09-25", "2013-09-26", "2013-09-27"]) {
      const variant = SEED.replace("NODENAME: XXXXXX(masked)", `NODENAME: ${host}`).replace(
        "Fri Sep 27 16:19:55 2013",
        `${day} 10:00:00`,
      );
      const r = await postPanics(
        post(`/api/panics?host=${host}&crashTime=${day}T10:00:00Z`, variant, { "content-type": "text/plain" }) as never,
      );
      expect(r.status).toBe(201);
    }
    const first = await listPanicsRoute(new Request(`${BASE}/api/panics?host=${host}&limit=2`) as never);
    const page1 = await first.json();
    expect(page1.panics).toHaveLength(2);
    expect(page1.panics.map((p: { crashTime: string }) => p.crashTime.slice(0, 10))).toEqual([
      "2013-09-27",
      "2013-09-26",
    ]);
    const second = await listPanicsRoute(
      new Request(`${BASE}/api/panics?host=${host}&limit=2&cursor=${page1.nextCursor}`) as never,
    );
    const page2 = await second.json();
    expect(page2.panics.map((p: { crashTime: string }) => p.crashTime.slice(0, 10))).toEqual(["2013-09-25"]);
    expect(page2.nextCursor).toBeNull();
    const since = await listPanicsRoute(new Request(`${BASE}/api/panics?host=${host}&since=2013-09-26`) as never);
    expect((await since.json()).panics).toHaveLength(2);
  });

  it("inventory reports move a host off the needs-update list; CSV export lists the others", async () => {
    const stays = unique("csv-stays");
    const leaves = unique("csv-leaves");
    for (const host of [stays, leaves]) expect((await text(`/api/panics?host=${host}`, SEED)).status).toBe(201);
    const report = await postKernel(
      post(`/api/hosts/${leaves}/kernel`, JSON.stringify({ kernelRelease: "2.6.32-754.el6.x86_64" }), {
        "content-type": "application/json",
      }) as never,
      {
        params: Promise.resolve({ hostname: leaves }),
      },
    );
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({
      host: leaves,
      currentKernel: "2.6.32-754.el6.x86_64",
      rhelRelease: "6.10",
    });

    const csv = await needsUpdateRoute(
      new Request(`${BASE}/api/hosts/needs-update?format=csv&bug=rhel6-tcp_v4_err-BUG_ON-skb`) as never,
    );
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "hostname,current_kernel,rhel_release,target_kernel,open_bugs,exposure_bugs,blocker_bugs,last_panic_at,hardening_kernel",
    );
    expect(
      lines.some((l) =>
        l.startsWith(`${stays},2.6.32-279.14.1.el6.x86_64,6.3,2.6.32-431.el6,rhel6-tcp_v4_err-BUG_ON-skb,`),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith(`${leaves},`))).toBe(false);

    const viaAccept = await needsUpdateRoute(
      new Request(`${BASE}/api/hosts/needs-update`, { headers: { accept: "text/csv" } }) as never,
    );
    expect(viaAccept.headers.get("content-type")).toMatch(/text\/csv/);
    const jsonBody = await (
      await needsUpdateRoute(new Request(`${BASE}/api/hosts/needs-update?bug=rhel6-tcp_v4_err-BUG_ON-skb`) as never)
    ).json();
    expect(jsonBody.hosts.map((h: { hostname: string }) => h.hostname)).toContain(stays);

    const bad = await postKernel(
      post(`/api/hosts/${leaves}/kernel`, JSON.stringify({ kernelRelease: "" }), {
        "content-type": "application/json",
      }) as never,
      {
        params: Promise.resolve({ hostname: leaves }),
      },
    );
    expect(bad.status).toBe(422);
  });
});
