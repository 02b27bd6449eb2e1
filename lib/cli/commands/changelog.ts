import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { gunzipSync } from "node:zlib";
import { AppError } from "../../server/errors";
import { describeBinary } from "../../server/http/request-body";
import { getChangelogStatus, importChangelog } from "../../server/services/changelogs";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";
import { withDatabase } from "../with-database";

const USAGE = `usage: panicboard changelog import <file|-> [--json]   store a kernel changelog's new builds
       panicboard changelog status [--json]            per stream: newest build, builds, entries
A changelog is the output of \`rpm -q --changelog kernel-<version>\` or a kernel.spec (gzip is read too).
`;

async function readInput(path: string): Promise<Buffer> {
  if (path !== "-") return readFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** The text of a changelog file; a gzip file (as lib/changelog/data keeps them) is unpacked. */
function decodeChangelog(bytes: Buffer, path: string): string {
  const unpacked = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const binary = describeBinary(unpacked);
  if (binary) throw new AppError("binary_content", `${path} is ${binary}, not a changelog text`);
  return unpacked.toString("utf8");
}

function importer(): string | null {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return null;
  }
}

const pad = (cells: string[], widths: number[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join("  ")
    .trimEnd();

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => `${pad(r, widths)}\n`).join("");
}

/** `panicboard changelog import|status`: kernel changelogs, on DATABASE_URL or the embedded database. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if ("error" in parsed) {
    io.stderr(`panicboard changelog: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [action, path, ...extra] = parsed.positionals;
  const isImport = action === "import" && path !== undefined && extra.length === 0;
  const isStatus = action === "status" && path === undefined;
  if (!isImport && !isStatus) {
    io.stderr(USAGE);
    return 2;
  }

  let text = "";
  if (isImport) {
    try {
      text = decodeChangelog(await readInput(path), path === "-" ? "stdin" : path);
    } catch (error) {
      io.stderr(`panicboard changelog: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  return withDatabase(async () => {
    try {
      if (isImport) {
        const result = await importChangelog(text, { source: "cli", importedBy: importer() });
        if (parsed.values.json) io.stdout(`${JSON.stringify({ streams: result.streams })}\n`);
        else {
          for (const s of result.streams) {
            io.stdout(
              `${s.stream}: ${s.buildsAdded} builds added (${s.entriesAdded} entries); ${s.builds} builds known, newest ${s.newest ?? "-"}\n`,
            );
          }
        }
        return 0;
      }
      const status = await getChangelogStatus();
      if (parsed.values.json) {
        io.stdout(`${JSON.stringify({ streams: status })}\n`);
        return 0;
      }
      io.stdout(
        table([
          ["stream", "newest", "builds", "entries", "bundled", "imported", "last import"],
          ...status.map((s) => [
            s.stream,
            s.newest ?? "-",
            String(s.builds),
            String(s.entries),
            `${s.bundledBuilds} (${s.bundledEntries})`,
            `${s.importedBuilds} (${s.importedEntries})`,
            s.lastImportAt ? s.lastImportAt.toISOString() : "-",
          ]),
        ]),
      );
      return 0;
    } catch (error) {
      if (error instanceof AppError) {
        io.stderr(`panicboard changelog: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
}
