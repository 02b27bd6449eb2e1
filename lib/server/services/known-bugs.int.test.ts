import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { getBugStats, listKnownBugs, listUnmatchedSignatures } from "../queries/bugs";
import { knownBugSchema } from "../../kb";
import {
  addKnownBug,
  anchoredLiteral,
  candidatesOf,
  rematchIfCatalogueChanged,
  replaceUserKnownBug,
  syncCatalogue,
} from "./catalogue";
import { refreshHostUpdatesIfOutdated } from "./host-update";
import { ingestPanic } from "./ingest";
import { createKnownBugFromSignature } from "./known-bugs";
import { CATALOGUE_LOCK } from "./matching";

const fixture = (name: string) => readFileSync(join("lib", "crash", "fixtures", "rhel", name), "utf8");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

async function rollupOf(hostname: string) {
  return getDb().$queryRaw<{ kernel_release: string; bug_key: string; panics: number }[]>`
    SELECT r.kernel_release, r.bug_key, r.panics FROM panic_rollups r JOIN hosts h ON h.id = r.host_id
    WHERE h.hostname = ${hostname} AND r.panics > 0 ORDER BY 1, 2`;
}

describe("known bugs created from a signature, and the panic rollups", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("keeps the rollups in step with ingestion, then moves the panics under a bug created from their signature", async () => {
    const hostname = unique("nas");
    const other = unique("nas");
    const text = fixture("rhel8-soft-lockup-xfs.txt");
    // A bystander that the new bug's rules cannot match: the re-match below does not read it.
    await ingestPanic({ text: fixture("rhel7-virtio-null-deref.txt"), hostname: unique("bystander"), source: "api" });
    const first = await ingestPanic({ text, hostname, source: "api" });
    await ingestPanic({ text: text.replace("PID: 3106", "PID: 3107"), hostname, source: "api" });
    await ingestPanic({ text, hostname: other, source: "api" });
    expect(first.status).toBe("created");
    expect(await rollupOf(hostname)).toEqual([
      { kernel_release: "4.18.0-305.10.2.el8_4.x86_64", bug_key: "", panics: 2 },
    ]);

    const signature = await getDb().signature.findFirstOrThrow({ where: { panics: { some: { host: { hostname } } } } });
    expect(signature.knownBugId).toBeNull();
    expect((await listUnmatchedSignatures(1, 100)).rows.map((s) => s.id)).toContain(signature.id);

    const id = unique("USER-XFS");
    const created = await createKnownBugFromSignature({
      signatureId: signature.id,
      id,
      title: "Soft lockup in xfs_end_io",
      description: "xfs_end_io spins on a long ioend list.",
      references: ["https://bugzilla.redhat.com/show_bug.cgi?id=1"],
      fixedIn: {
        el8: "4.18.0-348.el8",
        el6: undefined,
        el7: undefined,
        el9: undefined,
        el10: undefined,
        upstream: undefined,
      },
    });
    expect(created.id).toBe(id);
    expect(created.rematched?.changed).toBeGreaterThanOrEqual(3);
    // Only the panics the new rules could match were read again, and the catalogue is left in step;
    // the other hosts' verdicts (exposure to the new bug) are left for the pass after the answer.
    expect(created.rematched!.scanned).toBeLessThan(await getDb().panic.count());
    expect(await rematchIfCatalogueChanged()).toBeNull();
    expect(await refreshHostUpdatesIfOutdated()).toBe(await getDb().host.count());
    expect(await refreshHostUpdatesIfOutdated()).toBe(0);

    const panics = await getDb().panic.findMany({
      where: { signatureId: signature.id },
      select: { knownBugId: true, matchRule: true },
    });
    expect(panics.every((p) => p.knownBugId === id && p.matchRule === "derived-function-trace")).toBe(true);
    expect((await getDb().signature.findUniqueOrThrow({ where: { id: signature.id } })).knownBugId).toBe(id);
    expect(await rollupOf(hostname)).toEqual([
      { kernel_release: "4.18.0-305.10.2.el8_4.x86_64", bug_key: id, panics: 2 },
    ]);

    const stats = await getBugStats(id);
    expect(stats).toMatchObject({
      panics: 3,
      hosts: 2,
      byKernel: [{ kernelRelease: "4.18.0-305.10.2.el8_4.x86_64", rhelRelease: "8.4", panics: 3 }],
    });
    const listed = (await listKnownBugs()).find((b) => b.id === id);
    expect(listed).toMatchObject({
      panics: 3,
      hosts: 2,
      releases: ["8.4"],
      fixes: [{ stream: "el8", fixedIn: "4.18.0-348.el8", isBackport: false }],
    });
    const host = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(host.needsUpdate).toBe(true);
    expect(host.openBugIds).toContain(id);

    await expect(
      createKnownBugFromSignature({
        signatureId: signature.id,
        id,
        title: "again",
        description: "d",
        references: [],
        fixedIn: {
          el6: undefined,
          el7: undefined,
          el8: undefined,
          el9: undefined,
          el10: undefined,
          upstream: undefined,
        },
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("reads every panic again for a bug whose rules SQL cannot narrow (patterns only)", async () => {
    await ingestPanic({ text: fixture("rhel9-kill-init.txt"), hostname: unique("init"), source: "api" });
    const id = unique("USER-KILL-INIT");
    const bug = knownBugSchema.parse({
      id,
      title: "init killed",
      description: "PID 1 exited.",
      confidence: "unconfirmed",
      confidenceNotes: "Created in a test.",
      references: [],
      match: [
        {
          id: "kill-init-title",
          description: "title names init",
          confidence: 0.5,
          titlePattern: "Attempted to kill init",
        },
      ],
      fixedIn: {},
    });
    expect(candidatesOf(bug)).toBeNull();
    expect(anchoredLiteral("^BUG: soft lockup in xfs_end_io \\(derived\\)$")).toBe(
      "BUG: soft lockup in xfs_end_io (derived)",
    );
    expect(anchoredLiteral("^kernel BUG in .*$")).toBeNull();
    expect(anchoredLiteral("^soft lockup\\d$")).toBeNull();
    expect(anchoredLiteral("Attempted to kill init")).toBeNull();
    const result = await addKnownBug(bug);
    expect(result?.scanned).toBe(await getDb().panic.count());
    expect(result?.changed).toBeGreaterThanOrEqual(1);
    expect(await rematchIfCatalogueChanged()).toBeNull();
    // The same id again (a double submit) is refused, not written over.
    await expect(addKnownBug({ ...bug, title: "replaced" })).rejects.toMatchObject({ code: "conflict" });
    expect((await getDb().knownBug.findUniqueOrThrow({ where: { id } })).title).toBe("init killed");
  });

  it("deletes a bug without deadlocking with an upload of a host and signature it holds", async () => {
    // The bug holds a host's panic and its signature. An upload of that host and signature is inside its
    // transaction, past its rollups (which hold the host's lock) and before the signature's counters,
    // when the bug is deleted. Deleting clears the signature's bug at once and the panic's at COMMIT,
    // whose rollup trigger needs the host's lock: without CATALOGUE_LOCK first, the two deadlock.
    const db = getDb();
    const id = unique("USER-DEADLOCK");
    await addKnownBug(
      knownBugSchema.parse({
        id,
        title: "deadlock probe",
        description: "A bug that matches nothing; the test points a panic at it.",
        confidence: "unconfirmed",
        confidenceNotes: "Created in a test.",
        references: [],
        match: [{ id: "never", description: "never", confidence: 0.5, titlePattern: "^never matches anything$" }],
        fixedIn: {},
      }),
    );
    const hostname = unique("dl");
    const first = await ingestPanic({ text: fixture("rhel9-kill-init.txt"), hostname, source: "api" });
    if (first.status !== "created") throw new Error("expected a new panic");
    const panic = await db.panic.findUniqueOrThrow({ where: { id: BigInt(first.panic.id) } });
    await db.panic.update({ where: { id: panic.id }, data: { knownBugId: id } });
    await db.signature.update({ where: { id: panic.signatureId! }, data: { knownBugId: id } });
    // The catalogue as last matched no longer covers the bugs: the deletion goes straight to DELETE.
    await db.appState.update({ where: { key: "catalogue_hash" }, data: { value: "stale" } });

    const upload = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await upload.connect();
    try {
      await upload.query("BEGIN");
      await upload.query("SELECT pg_advisory_xact_lock_shared($1)", [CATALOGUE_LOCK]);
      await upload.query(
        "INSERT INTO panics (host_id, raw_text, sha256, crash_time, signature_id) VALUES ($1, 'probe', $2, now(), $3)",
        [panic.hostId, "f".repeat(64), panic.signatureId],
      );
      await upload.query("SET CONSTRAINTS ALL IMMEDIATE");
      const deleting = replaceUserKnownBug(id, null);
      const outcome = deleting.then(
        () => "deleted",
        (error: unknown) => error,
      );
      // Give the deletion time to reach its locks; then the upload takes its signature and commits.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await upload.query("UPDATE signatures SET panic_count = panic_count + 1 WHERE id = $1", [panic.signatureId]);
      await upload.query("COMMIT");
      expect(await outcome).toBe("deleted");
    } finally {
      await upload.end();
    }
    expect(await db.knownBug.findUnique({ where: { id } })).toBeNull();
    expect(await db.panic.count({ where: { knownBugId: id } })).toBe(0);
  });
});
