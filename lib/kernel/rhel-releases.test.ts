import { describe, expect, it } from "vitest";
import { RHEL_MINOR_RELEASES, rhelReleaseOf } from "./rhel-releases";

describe("rhelReleaseOf", () => {
  it.each<[string, string | null, boolean | null]>([
    // the examples
    ["2.6.32-279.14.1.el6.x86_64", "6.3", true],
    ["4.18.0-553.el8_10.x86_64", "8.10", false],
    ["3.10.0-1160.119.1.el7.x86_64", "7.9", true],
    ["5.14.0-427.13.1.el9_4.x86_64", "9.4", false],
    ["2.6.18-398.el5PAE", "5.11", false],
    // boundaries: GA build and the build just below it
    ["2.6.32-279.el6.x86_64", "6.3", false],
    ["2.6.32-278.el6.x86_64", "6.2", false],
    ["2.6.32-358.el6.x86_64", "6.4", false],
    ["2.6.32-358.23.2.el6.x86_64", "6.4", true],
    ["2.6.32-431.el6.x86_64", "6.5", false],
    ["2.6.32-71.el6.x86_64", "6.0", false],
    ["2.6.32-131.0.15.el6.x86_64", "6.1", false],
    ["2.6.32-131.21.1.el6.x86_64", "6.1", true],
    ["2.6.32-754.35.1.el6.x86_64", "6.10", true],
    ["2.6.18-8.el5", "5.0", false],
    ["3.10.0-123.el7.x86_64", "7.0", false],
    ["3.10.0-1062.el7.x86_64", "7.7", false],
    ["3.10.0-1127.el7.x86_64", "7.8", false],
    // EUS z-stream of 7.7 released after 7.8 GA
    ["3.10.0-1062.26.1.el7.x86_64", "7.7", true],
    // el8 before 8.8: GA kernels are plain el8, z-streams el8_N
    ["4.18.0-80.el8.x86_64", "8.0", false],
    ["4.18.0-80.4.2.el8_0.x86_64", "8.0", true],
    ["4.18.0-305.10.2.el8_4.x86_64", "8.4", true],
    ["4.18.0-372.9.1.el8.x86_64", "8.6", false],
    ["4.18.0-425.3.1.el8.x86_64", "8.7", false],
    ["4.18.0-477.10.1.el8_8.x86_64", "8.8", false],
    ["4.18.0-513.11.1.el8_9.x86_64", "8.9", true],
    // el8 after the last minor: still 8.10 (RHEL 8 has no 8.11)
    ["4.18.0-553.119.1.el8_10.x86_64", "8.10", true],
    // RHEL 9 GA kernels carry a z-suffix already
    ["5.14.0-70.13.1.el9_0.x86_64", "9.0", false],
    ["5.14.0-70.22.1.el9_0.x86_64", "9.0", true],
    ["5.14.0-570.12.1.el9_6.x86_64", "9.6", false],
    // 9.8's GA z-suffix is unknown to the table
    ["5.14.0-687.5.1.el9_8.x86_64", "9.8", null],
    ["6.12.0-124.8.1.el10_1.x86_64", "10.1", false],
  ])("%s -> %s", (kernel, label, isZStream) => {
    const release = rhelReleaseOf(kernel);
    expect(release?.label).toBe(label);
    expect(release?.isZStream).toBe(isZStream);
    expect(release?.newerThanKnown).toBe(false);
  });

  it("gives major and minor as numbers", () => {
    expect(rhelReleaseOf("2.6.32-279.14.1.el6.x86_64")).toEqual({
      major: 6,
      minor: 3,
      label: "6.3",
      isZStream: true,
      newerThanKnown: false,
      basis: "build-number",
      gaKernel: "2.6.32-279.el6",
    });
    expect(rhelReleaseOf("4.18.0-553.el8_10.x86_64")).toMatchObject({ major: 8, minor: 10, basis: "dist-tag" });
  });

  it("does not guess a minor past the table", () => {
    expect(rhelReleaseOf("5.14.0-720.3.1.el9_9.x86_64")).toMatchObject({
      major: 9,
      minor: 9,
      label: "9.9",
      newerThanKnown: true,
      gaKernel: null,
    });
    expect(rhelReleaseOf("6.12.0-300.el10_3.x86_64")).toMatchObject({ major: 10, minor: 3, newerThanKnown: true });
    expect(rhelReleaseOf("7.0.0-10.el11_0.x86_64")).toMatchObject({
      major: 11,
      minor: 0,
      label: "11.0",
      newerThanKnown: true,
    });
  });

  it("labels a build before the major's first GA", () => {
    expect(rhelReleaseOf("2.6.32-19.el6.x86_64")).toMatchObject({ major: 6, minor: null, label: "6 (before 6.0 GA)" });
  });

  it.each([
    "5.15.0-91-generic",
    "6.1.0-18-amd64",
    "6.8.0-rc3+",
    "5.4.17-2136.el8uek.x86_64",
    "6.5.6-300.fc39.x86_64",
    "5.14.0-362.el9.x86_64",
    "garbage",
  ])("%s is not filed under a RHEL release", (kernel) => {
    expect(rhelReleaseOf(kernel)).toBeNull();
  });

  it("has every minor of the table, in order", () => {
    expect(RHEL_MINOR_RELEASES.map((r) => r.label)).toEqual([
      "5.0",
      "5.1",
      "5.2",
      "5.3",
      "5.4",
      "5.5",
      "5.6",
      "5.7",
      "5.8",
      "5.9",
      "5.10",
      "5.11",
      "6.0",
      "6.1",
      "6.2",
      "6.3",
      "6.4",
      "6.5",
      "6.6",
      "6.7",
      "6.8",
      "6.9",
      "6.10",
      "7.0",
      "7.1",
      "7.2",
      "7.3",
      "7.4",
      "7.5",
      "7.6",
      "7.7",
      "7.8",
      "7.9",
      "8.0",
      "8.1",
      "8.2",
      "8.3",
      "8.4",
      "8.5",
      "8.6",
      "8.7",
      "8.8",
      "8.9",
      "8.10",
      "9.0",
      "9.1",
      "9.2",
      "9.3",
      "9.4",
      "9.5",
      "9.6",
      "9.7",
      "9.8",
      "10.0",
      "10.1",
      "10.2",
    ]);
  });
});
