/**
 * A parse-pool worker thread (lib/server/parse-pool.ts): runs analyzeUpload's parse step for each
 * text it is sent. Loaded by tsx from the source tree, never bundled: see parse-pool.ts.
 */
import { parentPort } from "node:worker_threads";
import { parseUploadText } from "../kb/analyze-upload";

const port = parentPort;
if (!port) throw new Error("parse-worker.ts runs as a worker thread of lib/server/parse-pool.ts");

port.on("message", (job: { id: number; text: string }) => {
  try {
    port.postMessage({ id: job.id, parsed: parseUploadText(job.text) });
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
port.postMessage({ ready: true });
