import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

const env = (vars: Record<string, string>) => loadEnv({ NODE_ENV: "test", ...vars });

describe("PANICBOARD_CATALOGUE_EXCLUDE", () => {
  it("is a list of known-bug ids, empty when unset", () => {
    expect(env({}).PANICBOARD_CATALOGUE_EXCLUDE).toEqual([]);
    expect(
      env({ PANICBOARD_CATALOGUE_EXCLUDE: " rhel6-tcp_v4_err-BUG_ON-skb, CVE-2014-0101 ," })
        .PANICBOARD_CATALOGUE_EXCLUDE,
    ).toEqual(["rhel6-tcp_v4_err-BUG_ON-skb", "CVE-2014-0101"]);
  });

  it("refuses what is not an id", () => {
    expect(() => env({ PANICBOARD_CATALOGUE_EXCLUDE: "a b,../x" })).toThrow(/PANICBOARD_CATALOGUE_EXCLUDE/);
  });
});

describe("DATABASE_READ_URL", () => {
  it("is a replica's postgresql:// URL, and needs DATABASE_URL, its primary", () => {
    const primary = "postgresql://app@db1:5432/panicboard";
    const replica = "postgresql://app@db2:5432/panicboard";
    expect(env({ DATABASE_URL: primary, DATABASE_READ_URL: replica }).DATABASE_READ_URL).toBe(replica);
    expect(env({ DATABASE_URL: primary }).DATABASE_READ_URL).toBeUndefined();
    expect(() => env({ DATABASE_URL: primary, DATABASE_READ_URL: "mysql://db2" })).toThrow(/DATABASE_READ_URL/);
    expect(() => env({ DATABASE_READ_URL: replica })).toThrow(/DATABASE_READ_URL: a replica of what/);
  });
});
