// panicboard fixes — which RHEL kernel build's changelog fixes a crash (bundled el6-el9 changelogs)

import { readFile } from "node:fs/promises";
import { loadBundledChangelogs } from "../../changelog/load-bundled";
import { findFixes, fixQueryFromCrash, type FixQuery, type FixSearch } from "../../changelog/find-fixes";
import { parseCrashSummary } from "../../crash";
import { rhelReleaseOf } from "../../kernel/rhel-releases";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";

const USAGE = `usage: panicboard fixes <crash-file|-> [--kernel <uname -r>] [--limit N] [--json]
       panicboard fixes --kernel <uname -r> --function <guilty> [--function <caller>]... [--bug-file <path>] [--json]
  lists kernel changelog entries, in builds newer than the crash's kernel, that name its functions;
  the first --function is the guilty frame, the next ones the call trace in order
`;

async function readInput(path: string): Promise<string> {
  if (path !== "-") return readFile(path, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function toJson(result: FixSearch) {
  return {
    kernel: result.kernel,
    stream: result.stream,
    candidates: result.candidates.map((c) => ({
      build: c.build,
      firstRelease: c.firstRelease ? { minor: c.firstRelease.minor, kernel: c.firstRelease.kernel } : null,
      text: c.text,
      bugs: c.bugs,
      jira: c.jira,
      cves: c.cves,
      matched: c.matched.map((m) => m.name),
      score: c.score,
      links: c.links,
      zStreams: c.zStreams,
    })),
    otherStreams: result.otherStreams.map((o) => ({ stream: o.stream, build: o.build, text: o.text, note: o.note })),
    notes: result.notes,
  };
}

function describe(result: FixSearch, title: string | null): string {
  const rhel = rhelReleaseOf(result.kernel);
  const lines = [
    `kernel:  ${result.kernel}${result.stream ? ` (${result.stream}${rhel ? `, RHEL ${rhel.label}` : ""})` : ""}`,
  ];
  if (title) lines.push(`crash:   ${title}`);
  if (result.candidates.length === 0) lines.push("fixes:   no changelog entry of a newer build names these functions");
  result.candidates.forEach((c, i) => {
    const release = c.firstRelease
      ? c.firstRelease.isGa
        ? `RHEL ${c.firstRelease.minor} (GA ${c.firstRelease.kernel})`
        : `RHEL ${c.firstRelease.minor} z-stream`
      : "no released minor known";
    lines.push(`${i + 1}. ${c.build} -> ${release}   score ${c.score}`);
    lines.push(`   ${c.text}`);
    lines.push(`   matched: ${c.matched.map((m) => `${m.name} (${m.role})`).join(", ")}`);
    if (c.zStreams.length > 0) lines.push(`   also in z-streams: ${c.zStreams.join(", ")}`);
    for (const link of c.links) lines.push(`   ${link}`);
  });
  for (const other of result.otherStreams) lines.push(`other:   ${other.note}`);
  for (const note of result.notes) lines.push(`note:    ${note}`);
  return `${lines.join("\n")}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      kernel: { type: "string" },
      function: { type: "string", multiple: true },
      "bug-file": { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if ("error" in parsed) {
    io.stderr(`panicboard fixes: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const limit = values.limit === undefined ? 10 : Number.parseInt(values.limit, 10);
  const functions = values.function ?? [];
  const [file] = positionals;
  const isByName = file === undefined;
  if (
    positionals.length > 1 ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    (isByName && (!values.kernel || functions.length === 0)) ||
    (!isByName && functions.length > 0)
  ) {
    io.stderr(USAGE);
    return 2;
  }

  let query: FixQuery;
  let title: string | null = null;
  if (file === undefined) {
    query = { kernel: values.kernel ?? "", functions, bugFile: values["bug-file"] ?? null, limit };
  } else {
    let text: string;
    try {
      text = await readInput(file);
    } catch (error) {
      io.stderr(`panicboard fixes: cannot read ${file}: ${(error as Error).message}\n`);
      return 1;
    }
    const report = parseCrashSummary(text);
    if (!report.detected) {
      io.stderr(`panicboard fixes: ${file}: no crash detected${report.reason ? `: ${report.reason}` : ""}\n`);
      return 1;
    }
    title = report.title ?? report.message;
    query = fixQueryFromCrash(report, limit);
    if (values.kernel) query.kernel = values.kernel;
    if (values["bug-file"]) query.bugFile = values["bug-file"];
    if (!query.kernel) {
      io.stderr(`panicboard fixes: ${file}: the crash text names no kernel release; give it with --kernel\n`);
      return 1;
    }
  }

  const result = findFixes(loadBundledChangelogs(), query);
  io.stdout(values.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : describe(result, title));
  return 0;
}
