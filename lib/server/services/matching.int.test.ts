import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCrashSummary } from "../../crash";
import { knownBugSchema, type KnownBug } from "../../kb";
import { databaseUrl, getDb } from "../db";
import { rematchPanics, saveKnownBug, syncCatalogue } from "./catalogue";
import { ingestPanic } from "./ingest";
import { CATALOGUE_LOCK, invalidateKnownBugs, loadVersionedBugs } from "./matching";

const fixture = (name: string) => readFileSync(join(__dirname, "../../crash/fixtures/rhel", name), "utf8");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

function bugFor(id: string, kind: string, fn: string): KnownBug {
  return knownBugSchema.parse({
    id,
    title: `${kind} in ${fn}`,
    description: "Created in a test.",
    confidence: "partial",
    confidenceNotes: "Created in a test.",
    references: [],
    match: [{ id: "kind-function", description: `${kind} in ${fn}`, confidence: 0.9, kinds: [kind], functions: [fn] }],
    fixedIn: {},
  });
}

describe("matching while the catalogue changes, on a real PostgreSQL", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it("matches an upload again when another process changed the catalogue after the cached copy was read", async () => {
    invalidateKnownBugs();
    const before = await loadVersionedBugs(); // cached for a few seconds from here on
    const id = unique("smp-call-lockup");
    const bug = bugFor(id, "SOFT_LOCKUP", "smp_call_function");
    // Another process (the CLI, a second dashboard) saves a bug: this process's cache knows nothing of it.
    const other = new Client({ connectionString: databaseUrl() });
    await other.connect();
    await other.query(
      `INSERT INTO known_bugs (id, title, origin, definition, content_hash, updated_at) VALUES ($1, $2, 'user', $3::jsonb, repeat('0', 64), now())`,
      [id, bug.title, JSON.stringify(bug)],
    );
    await other.end();
    expect((await loadVersionedBugs()).version).toBe(before.version); // still the cached copy

    const outcome = await ingestPanic({
      text: fixture("rhel7-soft-lockup-journal.txt"),
      hostname: unique("journal"),
      source: "api",
    });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    expect(outcome.panic.bug?.id).toBe(id);
    expect((await loadVersionedBugs()).version).not.toBe(before.version);
  });

  it("a load that began before an invalidation does not refill the cache", async () => {
    invalidateKnownBugs();
    const loading = loadVersionedBugs();
    invalidateKnownBugs(); // e.g. a bug saved while the load was reading
    const stale = await loading;
    await getDb().appState.update({
      where: { key: "catalogue_version" },
      data: { value: `${Number(stale.version) + 1000}` },
    });
    expect((await loadVersionedBugs()).version).toBe(`${Number(stale.version) + 1000}`);
  });

  it("a re-match waits for an upload in flight and then re-matches what it stored", async () => {
    const text = fixture("rhel8-stack-overflow-hyperv.txt");
    const report = parseCrashSummary(text);
    const hostname = unique("hyperv");
    const host = await getDb().host.create({ data: { hostname } });

    // An upload that matched with the old catalogue (no bug) and has not committed yet.
    const upload = new Client({ connectionString: databaseUrl() });
    await upload.connect();
    let rematched: Promise<unknown> | undefined;
    try {
      await upload.query("BEGIN");
      await upload.query("SELECT pg_advisory_xact_lock_shared($1)", [CATALOGUE_LOCK]);
      const { rows } = await upload.query<{ id: string }>(
        `INSERT INTO panics (host_id, raw_text, sha256, crash_time, kernel_release, kind, title, parsed)
         VALUES ($1, $2, repeat('a', 64), now(), $3, $4, $5, $6::jsonb) RETURNING id`,
        [host.id, text, report.kernelRelease, report.kind, report.title, JSON.stringify(report)],
      );
      // Meanwhile a bug that matches it is saved and a re-match starts: it must wait for the upload.
      const id = unique("ftrace-overflow");
      await saveKnownBug(bugFor(id, "DOUBLE_FAULT", "prepare_ftrace_return"), "user");
      let done = false;
      rematched = rematchPanics().then(() => (done = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      await upload.query("COMMIT");
      await rematched;
      const panic = await getDb().panic.findUniqueOrThrow({ where: { id: BigInt(rows[0]!.id) } });
      expect(panic.knownBugId).toBe(id);
    } finally {
      await upload.end();
      await rematched?.catch(() => {});
    }
  });
});
