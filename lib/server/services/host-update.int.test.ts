import { createHash } from "node:crypto";
import { Client } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, getDb } from "../db";
import { syncCatalogue } from "./catalogue";
import { refreshHostUpdates } from "./host-update";

const TCP_BUG = "rhel6-tcp_v4_err-BUG_ON-skb";

describe("refreshHostUpdates on a real PostgreSQL", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("counts a panic whose transaction held the host while the refresh waited for it", async () => {
    const hostname = `refresh-race-${Date.now().toString(36)}`;
    const host = await getDb().host.create({ data: { hostname, currentKernel: "2.6.32-279.14.1.el6.x86_64" } });
    await refreshHostUpdates([host.id]);
    expect((await getDb().host.findUniqueOrThrow({ where: { id: host.id } })).needsUpdate).toBe(false);

    // An upload in flight: it holds the host row and has stored a panic of the tcp_v4_err bug.
    const upload = new Client({ connectionString: databaseUrl() });
    await upload.connect();
    try {
      await upload.query("BEGIN");
      await upload.query("SELECT id FROM hosts WHERE id = $1 FOR UPDATE", [host.id]);
      await upload.query(
        `INSERT INTO panics (host_id, raw_text, sha256, crash_time, kernel_release, known_bug_id)
         VALUES ($1, 'kernel BUG at net/ipv4/tcp_ipv4.c:417!', $2, now(), '2.6.32-279.14.1.el6.x86_64', $3)`,
        [host.id, createHash("sha256").update(hostname).digest("hex"), TCP_BUG],
      );
      // The refresh blocks on the host's lock until the upload commits.
      const refreshing = refreshHostUpdates([host.id]);
      await new Promise((r) => setTimeout(r, 300));
      await upload.query("COMMIT");
      await refreshing;
    } finally {
      await upload.end();
    }
    const after = await getDb().host.findUniqueOrThrow({ where: { id: host.id } });
    expect(after).toMatchObject({ needsUpdate: true, targetKernel: "2.6.32-431.el6" });
    expect(after.openBugIds).toEqual([TCP_BUG]);
  });
});
