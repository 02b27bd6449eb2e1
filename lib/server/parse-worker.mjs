// The parse pool's worker entry (lib/server/parse-pool.ts): plain JavaScript that a worker thread can
// start in any build, loading the TypeScript worker from the source tree through tsx.
import { tsImport } from "tsx/esm/api";

await tsImport("./parse-worker.ts", import.meta.url);
