import { describe, expect, it } from "vitest";
import { isPlausibleEventTime } from "./common";
import { kernelReportSchema } from "./inventory";
import { encodePanicCursor, panicListQuerySchema } from "./panic-list";
import { panicUploadSchema } from "./panics";

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("times a client sends for storing (crashTime, bootedAt)", () => {
  it("refuses year 0, year 9999, anything before 1991 and more than a day ahead", () => {
    const ahead = new Date(Date.now() + 2 * 86_400_000).toISOString();
    for (const crashTime of ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1990-12-31T23:59:59Z", ahead]) {
      const result = panicUploadSchema.safeParse({ text: "x", crashTime });
      expect(issuesOf(result), crashTime).toEqual(["crashTime"]);
      expect(issuesOf(kernelReportSchema.safeParse({ kernelRelease: "5.14.0", bootedAt: crashTime }))).toEqual([
        "bootedAt",
      ]);
    }
  });

  it("takes 1991 onwards, and up to a day of clock skew", () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    for (const crashTime of ["1991-01-01T00:00:00Z", "2013-09-27T16:19:55-04:00", soon]) {
      expect(panicUploadSchema.safeParse({ text: "x", crashTime }).success, crashTime).toBe(true);
    }
    expect(isPlausibleEventTime(new Date("2024-01-02T00:00:00Z"), new Date("2024-01-01T00:00:01Z"))).toBe(true);
    expect(isPlausibleEventTime(new Date("2024-01-02T00:00:02Z"), new Date("2024-01-01T00:00:01Z"))).toBe(false);
    expect(isPlausibleEventTime(new Date(Number.NaN))).toBe(false);
  });
});

describe("text that no database column can hold", () => {
  it("refuses a lone UTF-16 surrogate (JSON's \\ud800), and keeps a real pair", () => {
    const lone = JSON.parse('{"text":"BUG: \\ud800 at tcp_v4_err"}') as { text: string };
    expect(issuesOf(panicUploadSchema.safeParse(lone))).toEqual(["text"]);
    expect(issuesOf(panicUploadSchema.safeParse({ text: "a\udc00b" }))).toEqual(["text"]);
    expect(panicUploadSchema.safeParse({ text: "BUG: \ud83d\udca5" }).success).toBe(true);
  });
});

describe("GET /api/panics filters and cursor", () => {
  it("refuses since/until outside years 1-9999 (PostgreSQL has no year 0)", () => {
    expect(issuesOf(panicListQuerySchema.safeParse({ since: "0000-01-01" }))).toEqual(["since"]);
    expect(issuesOf(panicListQuerySchema.safeParse({ until: "0000-12-31T00:00:00Z" }))).toEqual(["until"]);
    expect(panicListQuerySchema.safeParse({ since: "2024-01-01", until: "9999-12-31" }).success).toBe(true);
  });

  it("refuses a cursor whose time is out of range, and reads its own", () => {
    const forged = Buffer.from("-271821-04-20T00:00:00.000Z|5", "utf8").toString("base64url");
    expect(issuesOf(panicListQuerySchema.safeParse({ cursor: forged }))).toEqual(["cursor"]);
    const cursor = encodePanicCursor(new Date("2024-05-01T10:22:33Z"), 42n);
    expect(panicListQuerySchema.parse({ cursor }).cursor).toEqual({
      crashTime: new Date("2024-05-01T10:22:33Z"),
      id: 42n,
    });
  });
});
