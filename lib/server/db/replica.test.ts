import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { parseLsn, readDbAfter } from "./replica";

describe("read routing", () => {
  afterEach(() => {
    delete process.env.DATABASE_READ_URL;
  });

  it("orders WAL positions as PostgreSQL prints them", () => {
    expect(parseLsn("0/16B3748")).toBe(0x16b3748n);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
    expect(parseLsn("16/b374d848")).toBe((0x16n << 32n) | 0xb374d848n);
    for (const bad of ["", "16", "x/1", "1/2/3", null, undefined]) expect(parseLsn(bad)).toBeNull();
  });

  it("reads the primary when no replica is configured, whatever the marker", async () => {
    delete process.env.DATABASE_READ_URL;
    process.env.DATABASE_URL ??= "postgresql://nobody@127.0.0.1:1/none";
    expect(await readDbAfter(null)).toBe(getDb());
    expect(await readDbAfter("FF/0")).toBe(getDb());
  });
});
