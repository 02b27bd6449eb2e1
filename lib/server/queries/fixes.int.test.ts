import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "../db";
import { ingestPanic } from "../services/ingest";
import {
  findFixCandidate,
  getFixCandidatesForPanic,
  listBestFixesForPanics,
  listBestFixesForSignatures,
} from "./fixes";

const SEED = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");

describe("getFixCandidatesForPanic on a real PostgreSQL", () => {
  it("finds the changelog entries that fix a stored panic, newer than its kernel", async () => {
    const outcome = await ingestPanic({ text: SEED, hostname: `fixes-${Date.now().toString(36)}`, source: "api" });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    const id = BigInt(outcome.panic.id);
    const fixes = await getFixCandidatesForPanic(id);
    expect(fixes).toMatchObject({ kernel: "2.6.32-279.14.1.el6.x86_64", stream: "el6" });
    expect(fixes?.candidates[0]).toMatchObject({
      stream: "el6",
      matched: expect.arrayContaining([expect.objectContaining({ name: "tcp_v4_err", role: "guilty" })]),
    });
    expect(await getFixCandidatesForPanic(id + 1_000_000n)).toBeNull();
  });

  it("names each signature's best fix from its latest panic, and each unmatched panic's", async () => {
    // Other test files store the seed crash too (in the run's one database): crashing "now" makes this
    // upload the signature's latest panic whatever ran before.
    const outcome = await ingestPanic({
      text: SEED,
      hostname: `best-${Date.now().toString(36)}`,
      crashTime: new Date(),
      source: "api",
    });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    const panic = await getDb().panic.findUniqueOrThrow({
      where: { id: BigInt(outcome.panic.id) },
      select: { id: true, signatureId: true, knownBugId: true },
    });
    const signatureId = panic.signatureId ?? 0;
    const bySignature = await listBestFixesForSignatures([signatureId, 2_000_000_000]);
    expect([...bySignature.keys()]).toEqual([signatureId]);
    expect(bySignature.get(signatureId)).toEqual({
      panicId: panic.id.toString(),
      build: "2.6.32-364.el6",
      firstRelease: { minor: "6.5", kernel: "2.6.32-431.el6", isGa: true },
      summary: "tcp: Don't change unlocked socket state in tcp_v4_err()",
    });
    expect(await listBestFixesForSignatures([])).toEqual(new Map());

    // A kernel past the el6 changelog: no candidate, and where the changelog ends.
    const newer = await ingestPanic({
      text: SEED,
      hostname: `newer-${Date.now().toString(36)}`,
      kernelRelease: "2.6.32-999.el6.x86_64",
      source: "api",
    });
    if (newer.status !== "created") throw new Error("expected a new panic");
    await getDb().panic.update({ where: { id: BigInt(newer.panic.id) }, data: { knownBugId: null } });
    const gap = await listBestFixesForPanics([newer.panic.id]);
    expect(gap.get(newer.panic.id)).toEqual({
      panicId: newer.panic.id,
      build: null,
      changelogEndsAt: expect.stringMatching(/^2\.6\.32-754\..*el6$/),
    });

    // Only panics no known bug matches get a candidate kernel.
    await getDb().panic.update({ where: { id: panic.id }, data: { knownBugId: null } });
    const byPanic = await listBestFixesForPanics([panic.id.toString()]);
    expect(byPanic.get(panic.id.toString())).toMatchObject({ firstRelease: { kernel: "2.6.32-431.el6" } });
    if (panic.knownBugId) {
      await getDb().panic.update({ where: { id: panic.id }, data: { knownBugId: panic.knownBugId } });
      expect((await listBestFixesForPanics([panic.id.toString()])).size).toBe(0);
    }
  });

  it("finds the fix a create-bug link names again; a stale link finds nothing", async () => {
    const outcome = await ingestPanic({ text: SEED, hostname: `link-${Date.now().toString(36)}`, source: "api" });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    const id = BigInt(outcome.panic.id);
    const chosen = await findFixCandidate(id, "2.6.32-364.el6", "757658");
    expect(chosen).toMatchObject({ panicId: id.toString(), kernel: "2.6.32-279.14.1.el6.x86_64" });
    expect(chosen?.signatureId).toEqual(expect.any(Number));
    expect(chosen?.entries.map((e) => e.bugs)).toEqual([["757658"]]);
    expect(await findFixCandidate(id, "2.6.32-365.el6", "757658")).toBeNull();
    expect(await findFixCandidate(id, "2.6.32-364.el6", "1")).toBeNull();
    expect(await findFixCandidate(id + 1_000_000n, "2.6.32-364.el6", "757658")).toBeNull();
  });

  it("reads a panic stored without a parsed report as a query with no frames", async () => {
    const panic = await getDb().panic.findFirstOrThrow({ select: { id: true } });
    await getDb().panic.update({ where: { id: panic.id }, data: { parsed: {} } });
    const fixes = await getFixCandidatesForPanic(panic.id);
    expect(fixes?.candidates).toEqual([]);
  });
});
