import { describe, expect, inject, it } from "vitest";
import { getDb } from "./db";
import { prepareDatabase } from "./startup";

describe("start-up preparation", () => {
  it("syncs the catalogue and the verdict version even when migrations are left to db:migrate", async () => {
    await getDb().knownBug.deleteMany({ where: { origin: "catalogue" } });
    await getDb().appState.deleteMany({});
    const lines: string[] = [];
    await prepareDatabase(inject("databaseUrl"), (line) => lines.push(line), { migrate: false });
    expect(lines.some((l) => l.startsWith("applied migrations") || l.includes("schema is up to date"))).toBe(false);
    expect(await getDb().knownBug.count({ where: { origin: "catalogue" } })).toBeGreaterThan(0);
    expect(await getDb().appState.findUnique({ where: { key: "host_verdict_version" } })).not.toBeNull();
  });
});
