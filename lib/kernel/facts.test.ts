import { describe, expect, it } from "vitest";
import { describeKernel, isNewerKernel, pickCurrentKernel } from "./facts";

describe("describeKernel", () => {
  it("names the stream and RHEL minor release, null for kernels that are not RHEL's", () => {
    expect(describeKernel("2.6.32-279.14.1.el6.x86_64")).toEqual({
      release: "2.6.32-279.14.1.el6.x86_64",
      stream: "el6",
      rhelRelease: "6.3",
    });
    expect(describeKernel("garbage")).toEqual({ release: "garbage", stream: null, rhelRelease: null });
  });
});

describe("isNewerKernel", () => {
  it.each<[string, string | null, boolean]>([
    ["2.6.32-431.el6.x86_64", null, true],
    ["2.6.32-431.el6.x86_64", "2.6.32-279.14.1.el6.x86_64", true],
    ["2.6.32-279.14.1.el6.x86_64", "2.6.32-431.el6.x86_64", false],
    ["2.6.32-431.el6.x86_64", "2.6.32-431.el6.x86_64", false],
    // Across streams (reinstalled from el7 to el8) the version decides.
    ["4.18.0-80.el8.x86_64", "3.10.0-1160.el7.x86_64", true],
    ["3.10.0-1160.el7.x86_64", "4.18.0-80.el8.x86_64", false],
  ])("%s newer than %s: %s", (candidate, current, expected) => {
    expect(isNewerKernel(candidate, current)).toBe(expected);
  });
});

describe("pickCurrentKernel", () => {
  it.each<[string[], string | null]>([
    [["2.6.32-279.14.1.el6.x86_64", "2.6.32-431.el6.x86_64", "2.6.32-358.el6.x86_64"], "2.6.32-431.el6.x86_64"],
    [["4.18.0-553.el8_10.x86_64", "4.18.0-477.10.1.el8_8.x86_64"], "4.18.0-553.el8_10.x86_64"],
    [["garbage", "3.10.0-1160.el7.x86_64"], "3.10.0-1160.el7.x86_64"],
    [["garbage"], "garbage"],
    [[], null],
  ])("%j -> %s", (kernels, expected) => {
    expect(pickCurrentKernel(kernels)).toBe(expected);
  });
});
