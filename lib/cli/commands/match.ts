// panicboard match <file|-> [--json] — parse a crash text and match it against the known-bug catalogue

import { readFile } from "node:fs/promises";
import { parseCrashSummary } from "../../crash";
import { loadCatalogue } from "../../kb/catalogue";
import { matchKnownBugs, type BugMatch } from "../../kb/match";
import { rhelReleaseOf } from "../../kernel/rhel-releases";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";

const USAGE =
  "usage: panicboard match <file|-> [--json]\n  parses a crash text and prints the matching known bug (or none) with the rule and the fixed-in kernel\n";

async function readInput(path: string): Promise<string> {
  if (path !== "-") return readFile(path, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function describeMatch(match: BugMatch): string {
  const rhel = match.kernelRelease ? rhelReleaseOf(match.kernelRelease) : null;
  const kernel = match.kernelRelease
    ? `${match.kernelRelease}${rhel ? ` (RHEL ${rhel.label})` : ""}, stream ${match.stream ?? "none"}: ${match.fixStatus}`
    : "unknown";
  const lines = [
    `bug:        ${match.bugId} [${match.bugConfidence}]`,
    `title:      ${match.title}`,
    `rule:       ${match.ruleId}: ${match.ruleDescription}`,
    `confidence: ${match.confidence}`,
    `kernel:     ${kernel}`,
    `fixed in:   ${match.fixedIn ?? `no fix known for stream ${match.stream ?? "of this kernel"}`}`,
  ];
  if (match.minimalFix && match.minimalFix !== match.fixedIn)
    lines.push(`update to:  ${match.minimalFix} (smallest fixed kernel after this one)`);
  if (match.note) lines.push(`note:       ${match.note}`);
  return `${lines.join("\n")}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if ("error" in parsed) {
    io.stderr(`panicboard match: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const json = parsed.values.json;
  const files = parsed.positionals;
  const [file] = files;
  if (files.length !== 1 || file === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readInput(file);
  } catch (error) {
    io.stderr(`panicboard match: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const report = parseCrashSummary(text);
  if (!report.detected) {
    if (json)
      io.stdout(
        `${JSON.stringify({ file, detected: false, reason: report.reason, best: null, candidates: [] }, null, 2)}\n`,
      );
    else io.stderr(`panicboard match: ${file}: no crash detected${report.reason ? `: ${report.reason}` : ""}\n`);
    return 1;
  }
  const result = matchKnownBugs(report, loadCatalogue());
  if (json) {
    const crash = {
      title: report.title,
      kind: report.kind,
      message: report.message,
      kernelRelease: report.kernelRelease,
      signature: report.signature,
    };
    io.stdout(`${JSON.stringify({ file, detected: true, crash, ...result }, null, 2)}\n`);
    return 0;
  }
  io.stdout(`crash:      ${report.title ?? report.message ?? "(untitled)"}\n`);
  if (!result.best) {
    io.stdout("match:      none in the known-bug catalogue\n");
    return 0;
  }
  io.stdout(describeMatch(result.best));
  const others = result.candidates.slice(1);
  if (others.length > 0) io.stdout(`also:       ${others.map((m) => `${m.bugId} (${m.confidence})`).join(", ")}\n`);
  return 0;
}
