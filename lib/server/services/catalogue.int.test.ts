import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { knownBugSchema } from "../../kb";
import { getDb } from "../db";
import { rematchIfCatalogueChanged, saveKnownBug, syncCatalogue } from "./catalogue";
import { ingestPanic } from "./ingest";

const fixture = (name: string) => readFileSync(join(__dirname, "../../crash/fixtures/rhel", name), "utf8");
const VIRTIO = fixture("rhel7-virtio-null-deref.txt");
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
    const seed = await getDb().knownBug.findUniqueOrThrow({
      where: { id: "rhel6-tcp_v4_err-BUG_ON-skb" },
      include: { fixes: true },
    });
    expect(seed.origin).toBe("catalogue");
    expect(seed.fixes).toContainEqual(
      expect.objectContaining({ stream: "el6", fixedIn: "2.6.32-431.el6", isBackport: false }),
    );
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

    const panic = await getDb().panic.findUniqueOrThrow({
      where: { id: BigInt(outcome.panic.id) },
      include: { signature: true, host: true },
    });
    expect(panic.knownBugId).toBe(bugId);
    expect(panic.matchRule).toBe("getgeo-null-deref");
    expect(panic.signature?.knownBugId).toBe(bugId);
    expect(panic.host.openBugIds).toContain(bugId);
    expect(panic.host.targetKernel).toBe("3.10.0-1127.el7");
    expect(panic.host.needsUpdate).toBe(true);

    // A second pass with nothing changed does no work.
    expect(await rematchIfCatalogueChanged()).toBeNull();
  });

  it("narrows a rollup's first and last crash to the panics it keeps after a re-match", async () => {
    const hostname = unique("span");
    const kernelRelease = "4.18.0-167.el8.x86_64";
    const spring2020 = new Date("2020-04-01T00:00:00Z");
    const winter2024 = new Date("2024-01-15T00:00:00Z");
    await ingestPanic({
      text: fixture("rhel8-hung-task-jbd2.txt"),
      hostname,
      kernelRelease,
      crashTime: spring2020,
      source: "api",
    });
    await ingestPanic({
      text: fixture("rhel8-hard-lockup.txt"),
      hostname,
      kernelRelease,
      crashTime: winter2024,
      source: "api",
    });
    const rollups = () =>
      getDb().$queryRaw<{ bug_key: string; panics: number; first_at: Date; last_at: Date }[]>`
        SELECT r.bug_key, r.panics, r.first_at, r.last_at FROM panic_rollups r JOIN hosts h ON h.id = r.host_id
        WHERE h.hostname = ${hostname} AND r.panics > 0 ORDER BY r.first_at`;
    expect(await rollups()).toEqual([{ bug_key: "", panics: 2, first_at: spring2020, last_at: winter2024 }]);

    // A new bug takes the 2024 lockup: the unmatched row keeps only the 2020 panic, first and last.
    const bugId = unique("iommu-hard-lockup");
    await saveKnownBug(
      knownBugSchema.parse({
        id: bugId,
        title: "Hard lockup in iommu_flush_iotlb_psi",
        description: "A CPU spins in the IOMMU's IOTLB flush with interrupts off.",
        confidence: "partial",
        confidenceNotes: "Created in a test.",
        references: [],
        match: [
          {
            id: "iotlb-lockup",
            description: "hard lockup in iommu_flush_iotlb_psi",
            confidence: 0.9,
            kinds: ["HARD_LOCKUP"],
            functions: ["iommu_flush_iotlb_psi"],
          },
        ],
        fixedIn: {},
      }),
      "user",
    );
    expect((await rematchIfCatalogueChanged())?.changed).toBeGreaterThanOrEqual(1);
    expect(await rollups()).toEqual([
      { bug_key: "", panics: 1, first_at: spring2020, last_at: spring2020 },
      { bug_key: bugId, panics: 1, first_at: winter2024, last_at: winter2024 },
    ]);
  });
});
