import { describe, expect, it } from "vitest";
import { parseCtime } from "./time";

describe("parseCtime: a wrong clock's year", () => {
  it("keeps year 0 as year 0 (Date.UTC would make it 1900) and the last representable year", () => {
    expect(parseCtime("Sat Jan  1 00:00:00 0000")).toBe("0000-01-01T00:00:00Z");
    expect(parseCtime("Sun Jan  1 00:00:00 0099")).toBe("0099-01-01T00:00:00Z");
    expect(parseCtime("Fri Dec 31 23:59:59 9999")).toBe("9999-12-31T23:59:59Z");
  });

  it("gives no time past year 9999, which ISO 8601 cannot write in four digits", () => {
    expect(parseCtime("Fri Dec 31 23:59:59 EDT 9999")).toBeNull();
  });

  it("still reads ordinary dates, with and without a zone", () => {
    expect(parseCtime("Fri Sep 27 16:19:55 2013")).toBe("2013-09-27T16:19:55Z");
    expect(parseCtime("Thu Nov 22 18:26:26 EST 2018")).toBe("2018-11-22T23:26:26Z");
  });
});
