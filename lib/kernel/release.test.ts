import { describe, expect, it } from "vitest";
import { compareKernelReleases, normalizeUpstreamVersion, parseKernelRelease } from "./release";

type Expected = {
  version: string;
  release: string | null;
  build: string | null;
  dist: string | null;
  arch: string | null;
  flavour: string | null;
  distro: string;
  stream: string | null;
};

const CASES: Array<[string, Expected]> = [
  [
    "2.6.32-279.14.1.el6.x86_64",
    {
      version: "2.6.32",
      release: "279.14.1.el6",
      build: "279.14.1",
      dist: "el6",
      arch: "x86_64",
      flavour: null,
      distro: "rhel",
      stream: "el6",
    },
  ],
  [
    "3.10.0-1160.119.1.el7.x86_64",
    {
      version: "3.10.0",
      release: "1160.119.1.el7",
      build: "1160.119.1",
      dist: "el7",
      arch: "x86_64",
      flavour: null,
      distro: "rhel",
      stream: "el7",
    },
  ],
  [
    "4.18.0-553.el8_10.x86_64",
    {
      version: "4.18.0",
      release: "553.el8_10",
      build: "553",
      dist: "el8_10",
      arch: "x86_64",
      flavour: null,
      distro: "rhel",
      stream: "el8",
    },
  ],
  [
    "5.14.0-427.13.1.el9_4.x86_64",
    {
      version: "5.14.0",
      release: "427.13.1.el9_4",
      build: "427.13.1",
      dist: "el9_4",
      arch: "x86_64",
      flavour: null,
      distro: "rhel",
      stream: "el9",
    },
  ],
  [
    "2.6.18-398.el5PAE",
    {
      version: "2.6.18",
      release: "398.el5",
      build: "398",
      dist: "el5",
      arch: null,
      flavour: "PAE",
      distro: "rhel",
      stream: "el5",
    },
  ],
  [
    "2.6.18-398.el5xen",
    {
      version: "2.6.18",
      release: "398.el5",
      build: "398",
      dist: "el5",
      arch: null,
      flavour: "xen",
      distro: "rhel",
      stream: "el5",
    },
  ],
  [
    "2.6.18-398.el5",
    {
      version: "2.6.18",
      release: "398.el5",
      build: "398",
      dist: "el5",
      arch: null,
      flavour: null,
      distro: "rhel",
      stream: "el5",
    },
  ],
  [
    "2.6.32-754.35.1.el6.i686",
    {
      version: "2.6.32",
      release: "754.35.1.el6",
      build: "754.35.1",
      dist: "el6",
      arch: "i686",
      flavour: null,
      distro: "rhel",
      stream: "el6",
    },
  ],
  [
    "3.10.0-1160.el7.x86_64.debug",
    {
      version: "3.10.0",
      release: "1160.el7",
      build: "1160",
      dist: "el7",
      arch: "x86_64",
      flavour: "debug",
      distro: "rhel",
      stream: "el7",
    },
  ],
  [
    "4.18.0-80.el8.x86_64+debug",
    {
      version: "4.18.0",
      release: "80.el8",
      build: "80",
      dist: "el8",
      arch: "x86_64",
      flavour: "debug",
      distro: "rhel",
      stream: "el8",
    },
  ],
  [
    "5.14.0-427.13.1.el9_4.aarch64+64k",
    {
      version: "5.14.0",
      release: "427.13.1.el9_4",
      build: "427.13.1",
      dist: "el9_4",
      arch: "aarch64",
      flavour: "64k",
      distro: "rhel",
      stream: "el9",
    },
  ],
  [
    "4.18.0-553.rt7.342.el8_10.x86_64",
    {
      version: "4.18.0",
      release: "553.rt7.342.el8_10",
      build: "553.rt7.342",
      dist: "el8_10",
      arch: "x86_64",
      flavour: "rt",
      distro: "rhel",
      stream: "el8",
    },
  ],
  [
    "3.10.0-1160.2.2.el7.centos.plus.x86_64",
    {
      version: "3.10.0",
      release: "1160.2.2.el7",
      build: "1160.2.2",
      dist: "el7",
      arch: "x86_64",
      flavour: "centos+plus",
      distro: "rhel",
      stream: "el7",
    },
  ],
  [
    "kernel-2.6.32-431.el6.x86_64",
    {
      version: "2.6.32",
      release: "431.el6",
      build: "431",
      dist: "el6",
      arch: "x86_64",
      flavour: null,
      distro: "rhel",
      stream: "el6",
    },
  ],
  [
    "5.14.0-362.el9.x86_64",
    {
      version: "5.14.0",
      release: "362.el9",
      build: "362",
      dist: "el9",
      arch: "x86_64",
      flavour: null,
      distro: "centos-stream",
      stream: "el9",
    },
  ],
  [
    "5.4.17-2136.el8uek.x86_64",
    {
      version: "5.4.17",
      release: "2136.el8uek",
      build: "2136",
      dist: "el8uek",
      arch: "x86_64",
      flavour: null,
      distro: "uek",
      stream: null,
    },
  ],
  [
    "5.15.0-200.131.27.el9uek.x86_64",
    {
      version: "5.15.0",
      release: "200.131.27.el9uek",
      build: "200.131.27",
      dist: "el9uek",
      arch: "x86_64",
      flavour: null,
      distro: "uek",
      stream: null,
    },
  ],
  [
    "6.5.6-300.fc39.x86_64",
    {
      version: "6.5.6",
      release: "300.fc39",
      build: "300",
      dist: "fc39",
      arch: "x86_64",
      flavour: null,
      distro: "fedora",
      stream: null,
    },
  ],
  [
    "5.10.210-201.852.amzn2.x86_64",
    {
      version: "5.10.210",
      release: "201.852.amzn2",
      build: "201.852",
      dist: "amzn2",
      arch: "x86_64",
      flavour: null,
      distro: "amazon",
      stream: null,
    },
  ],
  [
    "5.15.0-91-generic",
    {
      version: "5.15.0",
      release: "91",
      build: null,
      dist: null,
      arch: null,
      flavour: "generic",
      distro: "ubuntu",
      stream: null,
    },
  ],
  [
    "5.15.0-1050-aws",
    {
      version: "5.15.0",
      release: "1050",
      build: null,
      dist: null,
      arch: null,
      flavour: "aws",
      distro: "ubuntu",
      stream: null,
    },
  ],
  [
    "6.1.0-18-amd64",
    {
      version: "6.1.0",
      release: "18",
      build: null,
      dist: null,
      arch: null,
      flavour: "amd64",
      distro: "debian",
      stream: null,
    },
  ],
  [
    "5.10.0-28-cloud-amd64",
    {
      version: "5.10.0",
      release: "28",
      build: null,
      dist: null,
      arch: null,
      flavour: "cloud-amd64",
      distro: "debian",
      stream: null,
    },
  ],
  [
    "2.6.32-5-686-bigmem",
    {
      version: "2.6.32",
      release: "5",
      build: null,
      dist: null,
      arch: null,
      flavour: "686-bigmem",
      distro: "debian",
      stream: null,
    },
  ],
  [
    "6.1.0-0.deb11.17-amd64",
    {
      version: "6.1.0",
      release: "0.deb11.17",
      build: null,
      dist: null,
      arch: null,
      flavour: "amd64",
      distro: "debian",
      stream: null,
    },
  ],
  [
    "5.14.21-150500.55.39-default",
    {
      version: "5.14.21",
      release: "150500.55.39",
      build: null,
      dist: null,
      arch: null,
      flavour: "default",
      distro: "suse",
      stream: null,
    },
  ],
  [
    "6.8.0-rc3+",
    {
      version: "6.8.0",
      release: "rc3+",
      build: null,
      dist: null,
      arch: null,
      flavour: null,
      distro: "upstream",
      stream: "upstream",
    },
  ],
  [
    "6.8.0",
    {
      version: "6.8.0",
      release: null,
      build: null,
      dist: null,
      arch: null,
      flavour: null,
      distro: "upstream",
      stream: "upstream",
    },
  ],
  [
    "6.9.0-rc5-next-20240422",
    {
      version: "6.9.0",
      release: "rc5-next-20240422",
      build: null,
      dist: null,
      arch: null,
      flavour: "next-20240422",
      distro: "upstream",
      stream: "upstream",
    },
  ],
  [
    "6.1.0-rc1-00123-gabcdef1",
    {
      version: "6.1.0",
      release: "rc1-00123-gabcdef1",
      build: null,
      dist: null,
      arch: null,
      flavour: "00123-gabcdef1",
      distro: "upstream",
      stream: "upstream",
    },
  ],
  [
    "5.10.0-custom",
    {
      version: "5.10.0",
      release: "custom",
      build: null,
      dist: null,
      arch: null,
      flavour: "custom",
      distro: "upstream",
      stream: "upstream",
    },
  ],
  [
    "4.19.91-27.7.al7.x86_64",
    {
      version: "4.19.91",
      release: "27.7.al7",
      build: null,
      dist: null,
      arch: "x86_64",
      flavour: null,
      distro: "unknown",
      stream: null,
    },
  ],
  [
    "5.10.0-60.18.0.50.oe2203.x86_64",
    {
      version: "5.10.0",
      release: "60.18.0.50.oe2203",
      build: null,
      dist: null,
      arch: "x86_64",
      flavour: null,
      distro: "unknown",
      stream: null,
    },
  ],
  [
    "4.12.14-122.37-default",
    {
      version: "4.12.14",
      release: "122.37",
      build: null,
      dist: null,
      arch: null,
      flavour: "default",
      distro: "suse",
      stream: null,
    },
  ],
  [
    "3.10.0-1160.rt56.1131.el7.x86_64",
    {
      version: "3.10.0",
      release: "1160.rt56.1131.el7",
      build: "1160.rt56.1131",
      dist: "el7",
      arch: "x86_64",
      flavour: "rt",
      distro: "rhel",
      stream: "el7",
    },
  ],
  [
    "2.6.18-398.el5debug",
    {
      version: "2.6.18",
      release: "398.el5",
      build: "398",
      dist: "el5",
      arch: null,
      flavour: "debug",
      distro: "rhel",
      stream: "el5",
    },
  ],
  [
    "2.6.39-400.el6uek.x86_64",
    {
      version: "2.6.39",
      release: "400.el6uek",
      build: "400",
      dist: "el6uek",
      arch: "x86_64",
      flavour: null,
      distro: "uek",
      stream: null,
    },
  ],
  [
    "6.8.12-4-pve",
    {
      version: "6.8.12",
      release: "4",
      build: null,
      dist: null,
      arch: null,
      flavour: "pve",
      distro: "unknown",
      stream: null,
    },
  ],
];

describe("parseKernelRelease", () => {
  it.each(CASES)("%s", (input, expected) => {
    const parsed = parseKernelRelease(input);
    expect(parsed.valid).toBe(true);
    if (!parsed.valid) return;
    expect({
      version: parsed.version,
      release: parsed.release,
      build: parsed.build,
      dist: parsed.dist,
      arch: parsed.arch,
      flavour: parsed.flavour,
      distro: parsed.distro,
      stream: parsed.stream,
    }).toEqual(expected);
  });

  it("keeps the build number, the rpm version-release and the dist minor", () => {
    const parsed = parseKernelRelease("4.18.0-477.10.1.el8_8.x86_64");
    expect(parsed).toMatchObject({
      buildNumber: 477,
      versionRelease: "4.18.0-477.10.1.el8_8",
      comparable: "4.18.0-477.10.1.el8_8",
      distMajor: 8,
      distMinor: 8,
    });
  });

  it.each([
    ["", "empty kernel release"],
    ["hello", "does not start with a version number"],
    ["2.6.32-279.el6 x86_64", "not a single kernel release string"],
    ["2.6.32-279", "no dist tag after '279': cannot tell which distribution built it"],
  ])("rejects %j with a reason", (input, reason) => {
    expect(parseKernelRelease(input)).toEqual({ valid: false, raw: input.trim(), reason });
  });
});

describe("normalizeUpstreamVersion", () => {
  it.each([
    ["6.8.0-rc3+", "6.8~rc3"],
    ["6.8.0", "6.8"],
    ["3.7-rc4", "3.7~rc4"],
    ["2.6.37", "2.6.37"],
    ["5.15.12", "5.15.12"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeUpstreamVersion(input)).toBe(expected);
  });
});

describe("compareKernelReleases", () => {
  it.each<[string, string, number | null]>([
    ["2.6.32-279.14.1.el6.x86_64", "2.6.32-431.el6.x86_64", -1],
    ["2.6.32-431.el6.x86_64", "2.6.32-431.el6", 0],
    ["4.18.0-553.el8_10.x86_64", "4.18.0-477.10.1.el8_8.x86_64", 1],
    ["6.8.0-rc3+", "6.8.0", -1],
    ["6.8.0-rc3+", "6.7.12", 1],
    ["2.6.32-431.el6.x86_64", "3.10.0-123.el7.x86_64", null],
    ["5.15.0-91-generic", "5.15.0-92-generic", null],
  ])("%s vs %s = %s", (a, b, expected) => {
    expect(compareKernelReleases(parseKernelRelease(a), parseKernelRelease(b))).toBe(expected);
  });
});
