import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseCrashSummary, type CrashReport } from "../../crash/index";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";

const USAGE = "usage: panicboard parse <file|dir|->... [--pretty]\n";

/**
 * `panicboard parse <file|dir|->... [--pretty]`: one JSON object per input (JSON Lines, with a
 * `file` field; `-` is stdin), directories walked recursively in name order. `--pretty` prints a
 * short human summary instead. Exit code 0 when every input was read, 1 when one could not be.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { pretty: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  const inputs = "error" in parsed ? [] : parsed.positionals;
  if ("error" in parsed || inputs.length === 0 || parsed.values.help) {
    io.stderr(`${"error" in parsed ? `panicboard parse: ${parsed.error}\n` : ""}${USAGE}`);
    return 2;
  }
  const pretty = parsed.values.pretty;
  let failed = false;
  for (const input of inputs) {
    for await (const item of readInputs(input)) {
      if ("error" in item) {
        failed = true;
        io.stderr(`panicboard parse: ${item.file}: ${item.error}\n`);
        continue;
      }
      const report = parseCrashSummary(item.text);
      io.stdout(pretty ? formatPretty(item.file, report) : `${JSON.stringify({ file: item.file, ...report })}\n`);
    }
  }
  return failed ? 1 : 0;
}

type InputItem = { file: string; text: string } | { file: string; error: string };

async function* readInputs(path: string): AsyncGenerator<InputItem> {
  if (path === "-") {
    yield { file: "-", text: await readStdin() };
    return;
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    yield { file: path, error: describeError(error) };
    return;
  }
  if (info.isDirectory()) {
    const entries = (await readdir(path)).sort();
    for (const entry of entries) yield* readInputs(join(path, entry));
    return;
  }
  try {
    // latin1 never fails on invalid UTF-8; kernel text is ASCII, so nothing is lost for matching.
    const buffer = await readFile(path);
    yield { file: path, text: decode(buffer) };
  } catch (error) {
    yield { file: path, error: describeError(error) };
  }
}

function decode(buffer: Buffer): string {
  const text = buffer.toString("utf8");
  return text.includes("\uFFFD") ? buffer.toString("latin1") : text;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return decode(Buffer.concat(chunks));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatPretty(file: string, r: CrashReport): string {
  if (!r.detected) return `${file}: no crash (${r.reason ?? "unknown reason"})\n`;
  const lines = [
    `${file}: ${r.title}`,
    `  kind ${r.kind}${r.panicked ? ", panicked" : ""}   signature ${r.signature}`,
    `  message   ${r.message ?? "-"}`,
    `  kernel    ${r.kernelRelease ?? "-"}${r.kernelBuild ? ` ${r.kernelBuild}` : ""}${r.arch ? ` (${r.arch})` : ""}`,
    `  host      ${r.hostname ?? "-"}${r.crashTime ? `  at ${r.crashTime}` : ""}${r.uptimeSeconds !== null ? `  uptime ${r.uptimeSeconds}s` : ""}`,
    `  task      ${r.task ? `${r.task.comm ?? "?"} pid ${r.task.pid ?? "?"} cpu ${r.task.cpu ?? "?"}` : "-"}`,
    `  guilty    ${r.guiltyFrame ?? "-"}   formats ${r.formats.join(", ")}`,
  ];
  for (const f of r.followUps) lines.push(`  then      ${f.title}`);
  return `${lines.join("\n")}\n`;
}
