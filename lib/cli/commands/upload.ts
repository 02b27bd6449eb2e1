import { readFile, realpath } from "node:fs/promises";
import { hostname as localHostname } from "node:os";
import { parseCrashSummary } from "../../crash/index";
import { isPlausibleEventTime } from "../../schemas/common";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";
import { discoverUploads, type UploadJob } from "../upload/discover";
import { formatDumpFolderTime } from "../upload/dump-folder";
import { chooseHost } from "../upload/host";
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRetryAfter,
  withRetry,
  type AttemptOutcome,
  type RetryPolicy,
} from "../upload/retry";
import { countResults, exitCodeFor, formatProgressLine, formatSummary, type FileResult } from "../upload/summary";

const HELP = `usage: panicboard upload [options] <file|dir>...

Uploads crash summaries to a panicboard server. Given a kdump tree such as /var/crash, it finds each
dump folder (127.0.0.1-2013-09-27-16:21:01/) and sends its vmcore-dmesg.txt plus any saved \`crash\`
output (crash*.txt, sys.txt, log.txt, bt.txt, ...); the vmcore itself is never sent. Other folders are
walked for dump folders and *.txt, *.log, *.out, *.crash files; a file named on the command line is always sent.
Re-running is safe: the server recognizes files it already has (counted as duplicates).

options:
  --server URL       the dashboard (default $PANICBOARD_URL, else http://localhost:3000)
  --token T          an API token (default $PANICBOARD_TOKEN, which unlike --token never shows in ps);
                     create one with \`panicboard token create --name NAME\`
  --host NAME        the host that crashed, for every file. Without it: a crash \`sys\` output names its
                     own host (NODENAME); a remote dump folder (NFS/SSH target) is named after the
                     dumping host's IP, which is used; a 127.0.0.1 folder under /var/crash is this
                     machine's own dump, so this machine's hostname is used. Anything else (a copied
                     tree of 127.0.0.1 folders, loose files) needs --host and is rejected without it.
  --utc              read dump folder dates as UTC (default: local time of this machine, as the
                     capture kernel writes them with the host's time zone). A folder's date is the
                     crash time only when the text carries none itself.
  --concurrency N    uploads in flight (default 4, at most 16)
  --retries N        tries per file on network errors, 408, 429 and 5xx (default 5)
  --dry-run          list what would be sent, with host and crash time, and send nothing
  -h, --help         this text

Retries wait with exponential backoff and full jitter (0.5 s, 1 s, 2 s, ... capped at 15 s), honouring Retry-After.
Exit code: 0 when every file is stored (new or duplicate), 1 when any was rejected or failed, 2 on usage errors.
`;

interface UploadOptions {
  server: string;
  token: string | undefined;
  host: string | undefined;
  zone: "local" | "utc";
  concurrency: number;
  dryRun: boolean;
  retry?: RetryPolicy;
}

interface PreparedUpload {
  file: string;
  body: Uint8Array<ArrayBuffer>;
  query: URLSearchParams;
}

class TokenRefused extends Error {}

/** `panicboard upload`: kdump trees and crash texts to POST /api/panics, with retries and a summary. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: "string" },
      token: { type: "string" },
      host: { type: "string" },
      utc: { type: "boolean", default: false },
      concurrency: { type: "string" },
      retries: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if ("error" in parsed) {
    io.stderr(`panicboard upload: ${parsed.error}\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr(`panicboard upload: name at least one file or folder\n${HELP}`);
    return 2;
  }
  const server = (values.server ?? process.env.PANICBOARD_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  if (!URL.canParse(server) || !/^https?:$/.test(new URL(server).protocol)) {
    io.stderr(`panicboard upload: --server must be an http(s) URL, not '${server}'\n`);
    return 2;
  }
  const concurrency = Number(values.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    io.stderr("panicboard upload: --concurrency must be an integer from 1 to 16\n");
    return 2;
  }
  const retries = Number(values.retries ?? DEFAULT_RETRY.attempts);
  if (!Number.isInteger(retries) || retries < 1 || retries > 20) {
    io.stderr("panicboard upload: --retries must be an integer from 1 to 20\n");
    return 2;
  }
  const options: UploadOptions = {
    server,
    token: values.token ?? process.env.PANICBOARD_TOKEN,
    host: values.host,
    zone: values.utc ? "utc" : "local",
    concurrency,
    dryRun: values["dry-run"],
    retry: { ...DEFAULT_RETRY, attempts: retries },
  };

  const discovery = await discoverUploads(positionals);
  for (const e of discovery.errors) io.stderr(`panicboard upload: ${e.path}: ${e.message}\n`);
  if (discovery.jobs.length === 0) {
    io.stderr(
      "panicboard upload: no crash files found (looked for dump folders with vmcore-dmesg.txt and *.txt, *.log, *.out, *.crash files)\n",
    );
    return discovery.errors.length ? 1 : 0;
  }
  const results = await uploadAll(discovery.jobs, options, io);
  if (options.dryRun) return 0;
  io.stdout(formatSummary(results));
  return discovery.errors.length ? 1 : exitCodeFor(results);
}

async function uploadAll(jobs: UploadJob[], options: UploadOptions, io: CliIo): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const useCounter = Boolean(process.stderr.isTTY) && jobs.length > 20 && !options.dryRun;
  let next = 0;
  let refused: string | null = null;

  const report = (result: FileResult) => {
    results.push(result);
    const line = formatProgressLine(result, results.length, jobs.length, options.server);
    if (!useCounter) {
      io.stderr(`${line}\n`);
      return;
    }
    const totals = countResults(results);
    if (result.outcome === "rejected" || result.outcome === "failed") io.stderr(`\r\x1b[K${line}\n`);
    io.stderr(
      `\r\x1b[K[${results.length}/${jobs.length}] ${totals.uploaded} uploaded, ${totals.duplicates} duplicates, ${totals.rejected + totals.failed} not stored`,
    );
    if (results.length === jobs.length) io.stderr("\n");
  };

  const worker = async () => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      if (refused) {
        report({ file: job.file, outcome: "failed", message: `not attempted: ${refused}` });
        continue;
      }
      let prepared: PreparedUpload;
      try {
        prepared = await prepareUpload(job, options);
      } catch (error) {
        report({ file: job.file, outcome: "failed", message: `could not read: ${(error as Error).message}` });
        continue;
      }
      if (options.dryRun) {
        const query = prepared.query.toString();
        io.stdout(`${job.file}\t${prepared.body.byteLength} bytes\t${query ? `?${query}` : "(no parameters)"}\n`);
        continue;
      }
      try {
        report(await postWithRetry(prepared, options, io));
      } catch (error) {
        if (!(error instanceof TokenRefused)) throw error;
        if (!refused) io.stderr(`panicboard upload: ${error.message}; stopping\n`);
        refused = error.message;
        report({ file: job.file, outcome: "failed", message: error.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  return results;
}

/** Reads one file and decides its query: host (see --help) and the folder's date when the text has none. */
async function prepareUpload(job: UploadJob, options: UploadOptions): Promise<PreparedUpload> {
  const bytes = await readFile(job.file);
  const text = bytes.toString("utf8");
  // Kernel text is ASCII; latin1 keeps a stray invalid byte from hiding a NODENAME or date line.
  const report = parseCrashSummary(text.includes("\uFFFD") ? bytes.toString("latin1") : text);
  const host = chooseHost({
    flagHost: options.host,
    textHostname: report.hostname ?? null,
    folder: job.folder,
    realPath: await realpath(job.file).catch(() => job.file),
    localHostname: localHostname(),
  });
  const query = new URLSearchParams();
  if (host) query.set("host", host);
  query.set("source", "cli");
  // The folder's time stands in for a text without a usable one; a folder named by a wrong clock
  // (a dead RTC's 1970) is not sent, since the server refuses such a time: it takes the upload's.
  const textTime = report.crashTime ? new Date(report.crashTime) : null;
  if (job.folder && !(textTime && isPlausibleEventTime(textTime))) {
    const folderTime = formatDumpFolderTime(job.folder, options.zone);
    if (isPlausibleEventTime(new Date(folderTime))) query.set("crashTime", folderTime);
  }
  return { file: job.file, body: new Uint8Array(bytes), query };
}

async function postWithRetry(upload: PreparedUpload, options: UploadOptions, io: CliIo): Promise<FileResult> {
  const url = `${options.server}/api/panics?${upload.query}`;
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const attempt = async (): Promise<AttemptOutcome<FileResult>> => {
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers, body: upload.body, signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      const message = describeNetworkError(error);
      return { retry: message, last: { file: upload.file, outcome: "failed", message } };
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const str = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
    if (response.status === 201) {
      const bug = body.bug as { id?: string } | null | undefined;
      return {
        done: {
          file: upload.file,
          outcome: "uploaded",
          id: str("id") ?? "?",
          url: str("url") ?? "",
          title: str("title"),
          bugId: bug?.id ?? null,
          needsUpdate: body.needsUpdate === true,
        },
      };
    }
    if (response.status === 200 && body.duplicate === true) {
      return { done: { file: upload.file, outcome: "duplicate", id: str("id") ?? "?", url: str("url") ?? "" } };
    }
    if (response.status === 401 || response.status === 403) {
      const hint = options.token ? "check --token / PANICBOARD_TOKEN" : "pass --token or set PANICBOARD_TOKEN";
      throw new TokenRefused(
        `the server refused the token (${response.status} ${str("message") ?? str("error") ?? ""}); ${hint}`.replace(
          " )",
          ")",
        ),
      );
    }
    const message = str("message") ?? `HTTP ${response.status} ${response.statusText}`;
    if (isRetryableStatus(response.status)) {
      return {
        retry: `HTTP ${response.status}`,
        retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
        last: { file: upload.file, outcome: "failed", message: `HTTP ${response.status}: ${message}` },
      };
    }
    const error = str("error") ?? "error";
    const reason =
      error === "hostname_required"
        ? "the text names no host and its folder does not say whose dump it is: pass --host NAME"
        : message;
    return { done: { file: upload.file, outcome: "rejected", status: response.status, error, message: reason } };
  };

  const { value } = await withRetry(attempt, {
    policy: options.retry,
    onRetry: (reason, delay, tries) =>
      io.stderr(`panicboard upload: ${upload.file}: ${reason}; retry ${tries} in ${(delay / 1000).toFixed(1)} s\n`),
  });
  return value;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return "no answer within 60 s";
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
