import { rmSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded";

// Ports of this test only (never 5432 or 54329); the folders are wiped before and after.
const PORT = Number(process.env.PANICBOARD_TEST_EMBEDDED_PORT ?? 54371);
const first = resolve(`.data/test-embedded-${PORT}-a`);
const second = resolve(`.data/test-embedded-${PORT}-b`);
const started: EmbeddedDatabase[] = [];

async function dataDirectoryOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL of two checkouts on one machine", () => {
  for (const dir of [first, second]) rmSync(dir, { recursive: true, force: true });

  afterAll(async () => {
    for (const db of started.reverse()) await db.stop().catch(() => {});
    for (const dir of [first, second]) rmSync(dir, { recursive: true, force: true });
  });

  it("never uses another data folder's server: the second checkout takes the next port", async () => {
    const lines: string[] = [];
    const a = await startEmbeddedDatabase({ dataDir: first, port: PORT });
    started.push(a);
    const b = await startEmbeddedDatabase({ dataDir: second, port: PORT, log: (l) => lines.push(l) });
    started.push(b);
    expect(a.port).toBe(PORT);
    expect(b.port).toBe(PORT + 1);
    expect(await dataDirectoryOf(a.url)).toBe(first);
    expect(await dataDirectoryOf(b.url)).toBe(second);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^port ${PORT} serves the PostgreSQL of .*-a: .* uses port ${PORT + 1}$`)),
    );
  });

  it("finds each checkout's own server again (the CLI while the dashboard runs)", async () => {
    const again = await startEmbeddedDatabase({ dataDir: second, port: PORT, database: "other" });
    expect(again.port).toBe(PORT + 1);
    expect(await dataDirectoryOf(again.url)).toBe(second);
    await again.stop(); // sharing: leaves the server running
    expect(await dataDirectoryOf(started[1]!.url)).toBe(second);
  });
});
