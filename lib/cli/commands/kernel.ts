// panicboard kernel <uname -r> — describe a kernel release: distro, RHEL minor, known bugs, update target

import { loadCatalogue } from "../../kb/catalogue";
import { computeHostUpdate } from "../../kb/needs-update";
import { parseKernelRelease } from "../../kernel/release";
import { rhelReleaseOf } from "../../kernel/rhel-releases";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";

const USAGE =
  "usage: panicboard kernel <uname -r>\n  prints JSON: release, version, build, dist, arch, distro, rhel {major, minor}, knownBugs, recommendedTarget\n";

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h", default: false } },
  });
  if ("error" in options) {
    io.stderr(`panicboard kernel: ${options.error}\n${USAGE}`);
    return 2;
  }
  if (options.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [input] = options.positionals;
  if (options.positionals.length !== 1 || input === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  const parsed = parseKernelRelease(input);
  if (!parsed.valid) {
    io.stderr(`panicboard kernel: '${input}': ${parsed.reason}\n`);
    return 1;
  }
  const rhel = rhelReleaseOf(parsed);
  const update = computeHostUpdate({ currentKernel: parsed.raw, panickedBugIds: [] }, loadCatalogue());
  const output = {
    release: parsed.raw,
    version: parsed.version,
    versionRelease: parsed.versionRelease,
    build: parsed.build,
    dist: parsed.dist,
    arch: parsed.arch,
    flavour: parsed.flavour,
    distro: parsed.distro,
    stream: parsed.stream,
    rhel: rhel && {
      major: rhel.major,
      minor: rhel.minor,
      label: rhel.label,
      isZStream: rhel.isZStream,
      newerThanKnown: rhel.newerThanKnown,
      gaKernel: rhel.gaKernel,
    },
    knownBugs: update.exposure.map((bug) => ({
      id: bug.bugId,
      title: bug.title,
      confidence: bug.bugConfidence,
      status: bug.status,
      fixedIn: bug.minimalFix,
      note: bug.note,
    })),
    recommendedTarget: update.recommendedTarget,
    blockers: update.blockers.map((bug) => bug.bugId),
  };
  io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}
