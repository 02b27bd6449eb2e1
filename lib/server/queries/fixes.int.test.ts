import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "../db";
import { ingestPanic } from "../services/ingest";
import { getFixCandidatesForPanic } from "./fixes";

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

  it("reads a panic stored without a parsed report as a query with no frames", async () => {
    const panic = await getDb().panic.findFirstOrThrow({ select: { id: true } });
    await getDb().panic.update({ where: { id: panic.id }, data: { parsed: {} } });
    const fixes = await getFixCandidatesForPanic(panic.id);
    expect(fixes?.candidates).toEqual([]);
  });
});
