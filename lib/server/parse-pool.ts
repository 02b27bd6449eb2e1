import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { loadEnv } from "../env";
import { type ParsedUploadText, parseUploadText } from "../kb/analyze-upload";
import { AppError } from "./errors";
import { processState } from "./process-state";

/**
 * The worker's entry, a plain .mjs file that loads parse-worker.ts through tsx (`npm start` runs on tsx
 * already): Turbopack bundles the server into chunks, but a worker thread needs a file of its own at
 * run time, so it is loaded from the source tree, found from the working directory the server runs in
 * (the project's root).
 */
const PARSE_WORKER_FILE = join(process.cwd(), "lib", "server", "parse-worker.mjs");

/**
 * Taken from the runtime rather than imported: Turbopack reads `new Worker(path)` of an imported Worker
 * as a bundle entry, and for a path it cannot resolve at build time pulls in the whole project (e2e
 * specs, eslint's config), which fails the build. The worker is a file of the source tree instead.
 */
const { Worker: WorkerThread } = process.getBuiltinModule(
  "node:worker_threads",
) as typeof import("node:worker_threads");

/** Workers that exit before they are ready this many times in a row: the pool gives up and parses in-process. */
const MAX_FAILED_STARTS = 3;

interface Job {
  id: number;
  text: string;
  resolve: (parsed: ParsedUploadText) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  retired: boolean;
}

export interface ParsePoolOptions {
  size: number;
  timeoutMs: number;
  /** Characters of text that may wait for a worker; past it, parse() refuses with busy (503). */
  maxQueuedChars?: number;
  file?: string;
}

/**
 * What may wait for a worker by default: 256 Mi characters (up to twice as many bytes), 25 uploads of
 * the 10 MiB limit. Past it, a flood of large texts is answered 503 with Retry-After instead of
 * growing the server's memory until it dies.
 */
const MAX_QUEUED_CHARS = 256 * 1024 * 1024;

/**
 * Worker threads that run analyzeUpload's parse step (parse + hash) off the request thread, one text
 * at a time each, so that a large text never holds up other requests (health checks, pages). A text
 * that takes longer than `timeoutMs` is refused with parse_timeout and its worker terminated and
 * replaced: a runaway parse costs one worker for `timeoutMs`, never the server.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private queuedChars = 0;
  private nextId = 1;
  private failedStarts = 0;
  private broken = false;
  private closed = false;

  constructor(private readonly options: ParsePoolOptions) {
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** Parses `text` in a worker; rejects with parse_timeout when it takes longer than the budget. */
  parse(text: string): Promise<ParsedUploadText> {
    if (this.broken || this.closed) return Promise.resolve(parseUploadText(text));
    const limit = this.options.maxQueuedChars ?? MAX_QUEUED_CHARS;
    if (this.queue.length > 0 && this.queuedChars + text.length > limit) {
      return Promise.reject(
        new AppError("busy", "The server has too many large texts waiting to be parsed: send this one again shortly", {
          retryAfter: 1,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, text, resolve, reject });
      this.queuedChars += text.length;
      this.dispatch();
    });
  }

  /** Workers alive now (a test's view). */
  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.retired = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.queuedChars = 0;
    for (const job of this.queue.splice(0)) job.resolve(parseUploadText(job.text));
  }

  private spawn(): void {
    const worker = new WorkerThread(this.options.file ?? PARSE_WORKER_FILE);
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, timer: null, retired: false };
    this.slots.push(slot);
    worker.on("message", (message: { ready?: true; id?: number; parsed?: ParsedUploadText; error?: string }) => {
      if (message.ready) {
        slot.ready = true;
        this.failedStarts = 0;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.release(slot);
      if (message.parsed) job.resolve(message.parsed);
      else job.reject(new Error(`the parse worker failed: ${message.error}`));
      this.dispatch();
    });
    worker.on("error", (error) => {
      console.error("panicboard: a parse worker failed", error);
    });
    worker.on("exit", () => {
      if (slot.retired) return;
      const job = slot.job;
      this.release(slot);
      this.remove(slot);
      if (!slot.ready && ++this.failedStarts >= MAX_FAILED_STARTS) {
        console.error(`panicboard: parse workers (${PARSE_WORKER_FILE}) do not start: parsing in the request instead`);
        this.broken = true;
        this.queuedChars = 0;
        job?.resolve(parseUploadText(job.text));
        for (const queued of this.queue.splice(0)) queued.resolve(parseUploadText(queued.text));
        return;
      }
      job?.reject(new Error("the parse worker exited"));
      if (!this.closed) this.spawn();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job || slot.retired) continue;
      const job = this.queue.shift()!;
      this.queuedChars -= job.text.length;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.expire(slot), this.options.timeoutMs);
      slot.worker.postMessage({ id: job.id, text: job.text });
    }
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
  }

  private remove(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
  }

  private expire(slot: Slot): void {
    const job = slot.job;
    this.release(slot);
    slot.retired = true;
    this.remove(slot);
    void slot.worker.terminate();
    if (!this.closed) this.spawn();
    job?.reject(
      new AppError(
        "parse_timeout",
        `The text took longer than ${this.options.timeoutMs} ms to parse and was not stored: upload vmcore-dmesg.txt or crash's sys, log and bt output`,
        { timeoutMs: this.options.timeoutMs },
      ),
    );
  }
}

/**
 * One pool per process (processState), so that `next dev` reloading this module, or a second copy of
 * it, does not start more; null when PANICBOARD_PARSE_WORKERS is 0.
 */
export const parsePool = processState("parse-pool", () => ({ pool: undefined as ParsePool | null | undefined }));

function sharedPool(): ParsePool | null {
  if (parsePool.pool === undefined) {
    const env = loadEnv();
    const size = env.PANICBOARD_PARSE_WORKERS ?? availableParallelism();
    parsePool.pool = size > 0 ? new ParsePool({ size, timeoutMs: env.PANICBOARD_PARSE_TIMEOUT_MS }) : null;
  }
  return parsePool.pool;
}

/** Starts the shared pool's workers (when the server starts), so that the first upload does not wait for them. */
export function startParsePool(): void {
  sharedPool();
}

/**
 * Texts up to this many characters are parsed in the request itself. The parser and the hash are
 * linear: the worst 16 Ki-character texts measured (a crash session repeated, a run of blank lines)
 * take about 3 ms, less than a worker's round trip costs a typical 3-8 KB upload in CPU (posting the
 * text, cloning the report back, waking two threads). Larger texts, where the time budget matters,
 * go to the pool.
 */
export const INLINE_PARSE_MAX_CHARS = 16 * 1024;

/**
 * analyzeUpload's parse step for the server: a small text right here, a larger one in the shared
 * worker pool (PANICBOARD_PARSE_WORKERS, one per core by default; 0 parses everything right here),
 * within PANICBOARD_PARSE_TIMEOUT_MS.
 */
export function parseUploadForIngest(text: string): Promise<ParsedUploadText> {
  const pool = text.length > INLINE_PARSE_MAX_CHARS ? sharedPool() : null;
  return pool ? pool.parse(text) : Promise.resolve(parseUploadText(text));
}
