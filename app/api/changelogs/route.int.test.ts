import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db";
import { createApiToken } from "@/lib/server/services/tokens";
import { GET as getBuild } from "./builds/[build]/route";
import { GET as getStatus, POST as postChangelog } from "./route";

const BASE = "http://panicboard.test";
const EL8 = `* Wed Jan 10 2024 Lucas Zampieri <lzampier@redhat.com> [4.18.0-513.11.1.el8_9]
- [netfilter] nf_tables: fix a use-after-free in pbroute_nft_set_destroy() (Florian Westphal) [RHEL-1234] {CVE-2024-0001}

* Tue Dec 12 2023 Lucas Zampieri <lzampier@redhat.com> [4.18.0-513.10.1.el8_9]
- [scsi] megaraid_sas: fix pbroute_megasas_reset() hang (Tomas Henzl) [RHEL-1235]
`;

let token = "";
const post = (body: BodyInit, headers: Record<string, string> = { "content-type": "text/plain" }, auth = true) =>
  postChangelog(
    new Request(`${BASE}/api/changelogs`, {
      method: "POST",
      body,
      headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), ...headers },
    }) as never,
  );
const builds = () => getDb().changelogBuild.count();

describe("POST /api/changelogs on a real PostgreSQL", () => {
  beforeAll(async () => {
    token = (await createApiToken(`changelogs-${Date.now().toString(36)}`)).token;
  });

  it("201 with what was added, then 200 with nothing new; JSON { text } too", async () => {
    const created = await post(EL8);
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toEqual({
      streams: [
        {
          stream: "el8",
          buildsAdded: 2,
          entriesAdded: 2,
          builds: expect.any(Number),
          newest: "4.18.0-513.11.1.el8_9",
        },
      ],
    });
    const rows = await getDb().changelogBuild.findMany({ where: { stream: "el8" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.build, r.source, r.importedBy])).toEqual([
      ["4.18.0-513.11.1.el8_9", "api", expect.stringMatching(/^changelogs-/)],
      ["4.18.0-513.10.1.el8_9", "api", expect.stringMatching(/^changelogs-/)],
    ]);

    const again = await post(JSON.stringify({ text: EL8 }), { "content-type": "application/json" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ streams: [{ ...body.streams[0], buildsAdded: 0, entriesAdded: 0 }] });

    const status = await getStatus(new Request(`${BASE}/api/changelogs`) as never);
    expect(status.status).toBe(200);
    const el8 = (await status.json()).streams.find((s: { stream: string }) => s.stream === "el8");
    expect(el8).toMatchObject({ newest: "4.18.0-513.11.1.el8_9", importedBuilds: 2, builds: body.streams[0].builds });
  });

  it("GET /api/changelogs/builds/{build}: 200 for a bundled or imported build, 404 otherwise", async () => {
    const ask = async (build: string) =>
      getBuild(new Request(`${BASE}/api/changelogs/builds/${build}`) as never, {
        params: Promise.resolve({ build }),
      });
    const imported = await ask("kernel-4.18.0-513.11.1.el8_9.x86_64");
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ stream: "el8", build: "4.18.0-513.11.1.el8_9", origin: "imported" });
    expect(await (await ask("4.18.0-211.el8")).json()).toMatchObject({ origin: "bundled" });
    const missing = await ask("4.18.0-553.el8_10");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found" });
    expect((await ask("not a build")).status).toBe(422);
  });

  it("refuses without writing: 422 not a changelog, 415 binary or another type, 413 too large, 401 no token", async () => {
    const count = await builds();
    const notChangelog = await post("kernel BUG at net/ipv4/tcp_ipv4.c:417!\n");
    expect(notChangelog.status).toBe(422);
    expect(await notChangelog.json()).toMatchObject({
      error: "no_changelog_detected",
      details: { reason: expect.stringContaining("no changelog header") },
    });
    const empty = await post(JSON.stringify({ text: "" }), { "content-type": "application/json" });
    expect(empty.status).toBe(422);
    expect(await empty.json()).toMatchObject({ error: "validation_failed" });

    const gzip = await post(gzipSync(EL8));
    expect(gzip.status).toBe(415);
    expect(await gzip.json()).toMatchObject({ error: "binary_content" });
    const nul = await post(JSON.stringify({ text: `${EL8}\u0000` }), { "content-type": "application/json" });
    expect(nul.status).toBe(415);
    const xml = await post("<changelog/>", { "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ error: "unsupported_media_type" });

    const limit = 16 * 1024 * 1024;
    const huge = await post(`${EL8}${"x".repeat(limit)}`);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: "too_large", details: { limit } });

    const anonymous = await post(EL8.replace("513.11.1", "513.12.1"), undefined, false);
    expect(anonymous.status).toBe(401);
    expect(await builds()).toBe(count);
  });
});
