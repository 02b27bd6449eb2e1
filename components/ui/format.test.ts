import { describe, expect, it } from "vitest";
import { formatTime } from "./format";

describe("formatTime", () => {
  it("writes a time in UTC to the minute", () => {
    expect(formatTime(new Date("2013-09-27T16:19:55Z"))).toBe("2013-09-27 16:19 UTC");
    expect(formatTime("2013-09-27T16:19:55Z")).toBe("2013-09-27 16:19 UTC");
  });

  it("never throws on a stored value: an invalid date or an unwritable year renders as unknown", () => {
    expect(formatTime(new Date(Number.NaN))).toBe("unknown");
    expect(formatTime("0001-01-01 00:00:00+00 BC")).toBe("unknown");
    expect(formatTime(new Date("+275760-09-13T00:00:00Z"))).toBe("unknown");
    expect(formatTime(new Date("-000001-01-01T00:00:00Z"))).toBe("unknown");
    expect(formatTime(null)).toBe("—");
  });
});
