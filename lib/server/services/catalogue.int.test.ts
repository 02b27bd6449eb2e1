import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { knownBugSchema } from "../../kb";
import { getDb } from "../db";
import { rematchIfCatalogueChanged, saveKnownBug, syncCatalogue } from "./catalogue";
import { ingestPanic } from "./ingest";

const VIRTIO = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel7-virtio-null-deref.txt"), "utf8");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

describe("the known-bug catalogue in the database", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("syncs the catalogue files idempotently", async () => {
    const again = await syncCatalogue();
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(again.rematched).toBeNull();
    const seed = await getDb().knownBug.findUniqueOrThrow({ where: { id: "rhel6-tcp_v4_err-BUG_ON-skb" }, include: { fixes: true } });
    expect(seed.origin).toBe("catalogue");
    expect(seed.fixes).toContainEqual(expect.objectContaining({ stream: "el6", fixedIn: "2.6.32-431.el6", isBackport: false }));
  });

  it("re-matches stored panics, their signature and their host when a new bug is saved", async () => {
    const hostname = unique("virtio");
    const outcome = await ingestPanic({ text: VIRTIO, hostname, source: "api" });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    expect(outcome.panic.bug).toBeNull();
    const bugId = unique("virtio-getgeo");
    const bug = knownBugSchema.parse({
      id: bugId,
      title: "NULL dereference in virtio_check_driver_offered_feature from virtblk_getgeo",
      description: "HDIO_GETGEO on a virtio-blk device whose driver is gone dereferences a NULL vdev->config.",
      confidence: "partial",
      confidenceNotes: "Created in a test.",
      references: [],
      match: [
        {
          id: "getgeo-null-deref",
          description: "NULL dereference in virtio_check_driver_offered_feature called from virtblk_getgeo",
          confidence: 0.9,
          kinds: ["NULL_DEREF"],
          functions: ["virtio_check_driver_offered_feature"],
          callTrace: ["virtblk_getgeo", "blkdev_ioctl"],
        },
      ],
      fixedIn: { el7: { fixedIn: "3.10.0-1127.el7", confidence: "unconfirmed" } },
    });
    await saveKnownBug(bug, "user");
    const result = await rematchIfCatalogueChanged();
    expect(result?.changed).toBeGreaterThanOrEqual(1);

    const panic = await getDb().panic.findUniqueOrThrow({ where: { id: BigInt(outcome.panic.id) }, include: { signature: true, host: true } });
    expect(panic.knownBugId).toBe(bugId);
    expect(panic.matchRule).toBe("getgeo-null-deref");
    expect(panic.signature?.knownBugId).toBe(bugId);
    expect(panic.host.openBugIds).toContain(bugId);
    expect(panic.host.targetKernel).toBe("3.10.0-1127.el7");
    expect(panic.host.needsUpdate).toBe(true);

    // A second pass with nothing changed does no work.
    expect(await rematchIfCatalogueChanged()).toBeNull();
  });
});
