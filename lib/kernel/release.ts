/**
 * Parsing of `uname -r` strings. RHEL-family kernels are `VERSION-BUILD.DIST[.ARCH][FLAVOUR]`
 * (`2.6.32-279.14.1.el6.x86_64`, `2.6.18-398.el5PAE`, `5.14.0-427.13.1.el9_4.x86_64+debug`);
 * everything else is recognized well enough never to be filed under a RHEL release.
 */

import { compareEvr } from "./rpmvercmp";

export type KernelDistro =
  | "rhel"
  | "centos-stream"
  | "uek"
  | "fedora"
  | "amazon"
  | "suse"
  | "ubuntu"
  | "debian"
  | "upstream"
  | "unknown";

export interface KernelRelease {
  valid: true;
  /** The input, trimmed. */
  raw: string;
  /** Upstream base version: `2.6.32`, `5.15.0`, `6.8.0`. */
  version: string;
  /** rpm release without arch or flavour (`279.14.1.el6`); the ABI part for Debian/Ubuntu; null when absent. */
  release: string | null;
  /** `version-release` without arch or flavour: what rpm compares (`2.6.32-279.14.1.el6`). */
  versionRelease: string;
  /** The numbers before the dist tag: `279.14.1` (`553.rt7.342` for RT kernels); null off rpm distros. */
  build: string | null;
  /** First number of the build, which names the RHEL minor: 279. */
  buildNumber: number | null;
  /** Dist tag: `el6`, `el8_10`, `el8uek`, `fc39`, `amzn2`; null when none. */
  dist: string | null;
  arch: string | null;
  /** `PAE`, `xen`, `debug`, `rt`, `64k`, `generic`, `amd64`...; null for the default kernel. */
  flavour: string | null;
  distro: KernelDistro;
  /**
   * Which fixed-in line of the catalogue applies: `el5` ... `el10` for RHEL and its rebuilds
   * (and CentOS Stream), `upstream` for mainline builds; null when the catalogue has no such stream.
   */
  stream: string | null;
  /** RHEL major from the dist tag (also for UEK and CentOS Stream); null otherwise. */
  distMajor: number | null;
  /** Minor named by an `elN_M` dist tag; null when the tag has none. */
  distMinor: number | null;
  /**
   * What to compare within the stream with `compareEvr`: `versionRelease` for rpm distros,
   * the normalized version (`6.8~rc3`) for upstream, null when comparison makes no sense.
   */
  comparable: string | null;
}

export interface InvalidKernelRelease {
  valid: false;
  raw: string;
  reason: string;
}

export type KernelReleaseResult = KernelRelease | InvalidKernelRelease;

const ARCHES = new Set([
  "x86_64",
  "i386",
  "i586",
  "i686",
  "athlon",
  "ia64",
  "aarch64",
  "ppc",
  "ppc64",
  "ppc64le",
  "ppc64p7",
  "s390",
  "s390x",
  "noarch",
  "armv7hl",
  "riscv64",
]);

const RHEL_DIST = /\.(el(\d+)(?:_(\d+))?)(uek)?(?=$|[.+A-Za-z])/;
const OTHER_RPM_DIST: Array<[RegExp, KernelDistro]> = [
  [/\.(fc\d+)(?=$|[.+])/, "fedora"],
  [/\.(amzn\d+)(?=$|[.+])/, "amazon"],
];
const UBUNTU_FLAVOUR =
  /^(generic|lowlatency|aws|azure|gcp|gke|gkeop|oracle|kvm|raspi|raspi2|ibm|nvidia|intel|realtime|oem|virtual|server|fips|xilinx|bluefield|snapdragon|euclid|riscv|allwinner|starfive|laptop|lts)(-[a-z0-9-]+)?$/;
const DEBIAN_FLAVOUR =
  /^(?:(?:cloud|rt)-)?(amd64|arm64|armmp|armmp-lpae|armel|armhf|686|686-pae|686-bigmem|486|586|k7|powerpc|powerpc-smp|powerpc64|powerpc64le|ppc64el|s390x|mips|mipsel|mips64r2el|mips32r2el|loongson-\d+[a-z]?|octeon|marvell|rpi|4kc-malta|5kc-malta|itanium|mckinley|sparc64|sparc64-smp|parisc|parisc64|xen-amd64|xen-686|vserver-amd64|vserver-686|openvz-amd64|openvz-686|riscv64|m68k|alpha-generic|s390|iop32x|ixp4xx|kirkwood|orion5x|versatile)$/;
const SUSE_FLAVOUR = /^(default|azure|kvmsmall|64kb|vanilla|pae|preempt|lpae|zfcpdump|rt|xen|trace|ppc64|ec2)$/;
const OTHER_LOCALVERSION =
  /(^|[-.])(arch\d*|zen\d*|gentoo|pve|liquorix|xanmod\d*|cachyos|manjaro|lqx\d*|hardened\d*)([-.]|$)/;

/** Upstream versions compare as `MAJOR.MINOR[.PATCH][~rcN]`: `6.8.0-rc3+` -> `6.8~rc3`, `2.6.37` stays. */
export function normalizeUpstreamVersion(version: string): string {
  const m = /^(\d+\.\d+(?:\.\d+)*)(?:-(rc\d+))?/.exec(version.trim());
  if (!m) return version.trim();
  let base = m[1] ?? "";
  // From 3.0 on, `X.Y.0` is what `X.Y` releases print; 2.6.x kept four parts.
  if (!base.startsWith("2.") && base.split(".").length === 3 && base.endsWith(".0")) {
    base = base.slice(0, -2);
  }
  return m[2] ? `${base}~${m[2]}` : base;
}

function invalid(raw: string, reason: string): InvalidKernelRelease {
  return { valid: false, raw, reason };
}

function splitArchAndFlavour(tokens: string[]): { arch: string | null; flavours: string[] } {
  let arch: string | null = null;
  const flavours: string[] = [];
  for (const token of tokens) {
    if (!arch && ARCHES.has(token)) arch = token;
    else flavours.push(token);
  }
  return { arch, flavours };
}

function parseRpmStyle(
  raw: string,
  version: string,
  rest: string,
  distMatch: RegExpExecArray,
  distro: KernelDistro,
): KernelReleaseResult {
  const build = rest.slice(0, distMatch.index);
  if (!/^\d+(\.[0-9A-Za-z]+)*$/.test(build)) {
    return invalid(raw, `unexpected build '${build}' before dist tag`);
  }
  const dist = distMatch[0].slice(1);
  const after = rest.slice(distMatch.index + distMatch[0].length);
  // RHEL 5 glues the flavour to the dist tag (`el5PAE`, `el5xen`); later majors use `.arch.debug` or `.arch+debug`.
  const tokens = after.split(/[.+]/).filter((t) => t.length > 0);
  const { arch, flavours } = splitArchAndFlavour(tokens);
  if (/(^|\.)rt\d/.test(build)) flavours.unshift("rt");
  const release = `${build}.${dist}`;
  const versionRelease = `${version}-${release}`;
  const buildNumber = Number.parseInt(build, 10);

  let distMajor: number | null = null;
  let distMinor: number | null = null;
  let stream: string | null = null;
  if (distro === "rhel") {
    distMajor = Number.parseInt(distMatch[2] ?? "", 10);
    distMinor = distMatch[3] !== undefined ? Number.parseInt(distMatch[3], 10) : null;
    if (distMatch[4]) {
      distro = "uek";
    } else {
      stream = `el${distMajor}`;
      // RHEL 9 kernels always carry el9_N (9.0 GA is 5.14.0-70.13.1.el9_0); a plain el9/el10 tag is
      // CentOS Stream, whose builds run ahead of any RHEL minor. el10 by analogy (table: unconfirmed).
      if (distMinor === null && distMajor >= 9) distro = "centos-stream";
    }
  }

  return {
    valid: true,
    raw,
    version,
    release,
    versionRelease,
    build,
    buildNumber: Number.isNaN(buildNumber) ? null : buildNumber,
    dist,
    arch,
    flavour: flavours.length > 0 ? flavours.join("+") : null,
    distro,
    stream,
    distMajor,
    distMinor,
    comparable: versionRelease,
  };
}

function nonRpm(
  raw: string,
  version: string,
  fields: Pick<KernelRelease, "release" | "flavour" | "distro" | "arch">,
): KernelRelease {
  const isUpstream = fields.distro === "upstream";
  return {
    valid: true,
    raw,
    version,
    versionRelease: fields.release ? `${version}-${fields.release}` : version,
    build: null,
    buildNumber: null,
    dist: null,
    distMajor: null,
    distMinor: null,
    stream: isUpstream ? "upstream" : null,
    comparable: isUpstream ? normalizeUpstreamVersion(raw) : null,
    ...fields,
  };
}

/**
 * Parses a `uname -r` string (a leading `kernel-` package prefix is tolerated).
 * Never throws: input that is not a kernel release comes back as `{ valid: false, reason }`.
 */
export function parseKernelRelease(input: string): KernelReleaseResult {
  const raw = input.trim().replace(/^kernel-(?=\d)/, "");
  if (raw.length === 0) return invalid(raw, "empty kernel release");
  if (raw.length > 200 || /\s/.test(raw)) return invalid(raw, "not a single kernel release string");

  const head = /^(\d+\.\d+(?:\.\d+)*)(.*)$/.exec(raw);
  if (!head) return invalid(raw, "does not start with a version number");
  const version = head[1] ?? "";
  const tail = head[2] ?? "";

  if (tail === "" || tail === "+") {
    return nonRpm(raw, version, { release: null, flavour: null, distro: "upstream", arch: null });
  }
  if (!tail.startsWith("-")) return invalid(raw, `unexpected '${tail}' after the version`);
  const rest = tail.slice(1);

  const rhel = RHEL_DIST.exec(rest);
  if (rhel) return parseRpmStyle(raw, version, rest, rhel, "rhel");
  for (const [pattern, distro] of OTHER_RPM_DIST) {
    const m = pattern.exec(rest);
    if (m) return parseRpmStyle(raw, version, rest, m, distro);
  }

  // Debian and Ubuntu: VERSION-ABI-FLAVOUR (`5.15.0-91-generic`, `6.1.0-18-amd64`, `6.1.0-0.deb11.17-amd64`).
  const abi = /^(\d+(?:\.deb\d+\.\d+|\.bpo\.\d+)?)-([a-z0-9][a-z0-9-]*)$/.exec(rest);
  if (abi) {
    const release = abi[1] ?? "";
    const flavour = abi[2] ?? "";
    const isDebian = DEBIAN_FLAVOUR.test(flavour) || release.includes(".deb") || release.includes(".bpo");
    if (isDebian) return nonRpm(raw, version, { release, flavour, distro: "debian", arch: null });
    if (UBUNTU_FLAVOUR.test(flavour)) return nonRpm(raw, version, { release, flavour, distro: "ubuntu", arch: null });
    if (SUSE_FLAVOUR.test(flavour)) return nonRpm(raw, version, { release, flavour, distro: "suse", arch: null });
    return nonRpm(raw, version, { release, flavour, distro: "unknown", arch: null });
  }
  // SUSE: VERSION-RELEASE-FLAVOUR with a dotted release (`5.14.21-150500.55.39-default`).
  const suse = /^(\d+(?:\.\d+)+)-([a-z0-9]+)$/.exec(rest);
  if (suse && SUSE_FLAVOUR.test(suse[2] ?? "")) {
    return nonRpm(raw, version, { release: suse[1] ?? null, flavour: suse[2] ?? null, distro: "suse", arch: null });
  }

  // Mainline builds: `-rc3`, `-rc3+`, `-next-20240422`, `-00123-gabcdef1`, or a custom LOCALVERSION.
  if (OTHER_LOCALVERSION.test(rest)) {
    return nonRpm(raw, version, { release: rest, flavour: null, distro: "unknown", arch: null });
  }
  const isMainline = /^rc\d+/.test(rest) || /^[A-Za-z]/.test(rest) || /^\d+-g[0-9a-f]{7,}/.test(rest);
  if (isMainline && /^[\w.+-]+$/.test(rest)) {
    const local = rest.replace(/^rc\d+[-+]?/, "").replace(/\+$/, "");
    return nonRpm(raw, version, { release: rest, flavour: local || null, distro: "upstream", arch: null });
  }
  // An rpm-style kernel of a distribution we do not know (`4.19.91-27.7.al7.x86_64`, `...oe2203.x86_64`).
  const tokens = rest.split(/[.+]/);
  const arch = tokens.find((t) => ARCHES.has(t));
  if (arch && /^\d/.test(rest)) {
    const release = rest.slice(0, rest.lastIndexOf(`.${arch}`));
    return nonRpm(raw, version, { release, flavour: null, distro: "unknown", arch });
  }
  if (/^\d+(\.\d+)*$/.test(rest))
    return invalid(raw, `no dist tag after '${rest}': cannot tell which distribution built it`);
  return invalid(raw, `unrecognized release '${rest}'`);
}

/** Parses two kernel releases and compares them within one stream; null when they are not comparable. */
export function compareKernelReleases(a: KernelReleaseResult, b: KernelReleaseResult): -1 | 0 | 1 | null {
  if (!a.valid || !b.valid || !a.comparable || !b.comparable) return null;
  if (a.stream !== b.stream) return null;
  return compareEvr(a.comparable, b.comparable);
}
