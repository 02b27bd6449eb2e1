/**
 * The production server that `npm start` runs (scripts/serve.ts starts it; it is not meant to be run
 * by hand): Next's own request handler for every request, on the build in PANICBOARD_DIST_DIR
 * (.next), listening on PORT. One exception: uploads (POST /api/panics) go straight to the route's
 * handler, app/api/panics/route.ts, the same function Next would call, without Next's request pipeline
 * around it. In `npm run bench:ingest` that pipeline cost more CPU per upload than the upload itself
 * (docs/scaling.md, "Ingest"); the fleet's agents send nothing else this often. `npm run dev` keeps
 * `next dev`, where the same handler runs under Next.
 */
// What `next start` loads first: the globals (AsyncLocalStorage and others) that Next's modules expect.
import "next/dist/server/node-environment";
import http from "node:http";
import next from "next";
import { loadEnv } from "../lib/env";
import { isUploadRequest, serveRoute } from "../lib/server/http/node-route";

/** How long a stop waits for the answers in flight. */
const STOP_GRACE_MS = 5_000;

async function main(): Promise<void> {
  const env = loadEnv();
  const port = env.PORT;
  // Loaded before Next starts its own start-up work (instrumentation.ts loads the changelog index in
  // the background), which would otherwise stretch this import's half second of CPU several times over.
  const { POST: uploadPanics } = await import("../app/api/panics/route");
  const app = next({ dev: false, dir: process.cwd(), port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    if (isUploadRequest(req)) {
      void serveRoute(uploadPanics, req, res, { port });
      return;
    }
    // As `next start` does: an error that escapes Next's handler is a 500, not an unhandled rejection.
    handleWithNext(req, res).catch((error: unknown) => {
      console.error("panicboard: a request failed", error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.listen(port, () => console.log(`panicboard: production server ready on port ${port}`));

  // A stop (SIGTERM from a supervisor; SIGINT, which a terminal sends to the launcher too, which passes
  // it on: so it may come twice) lets the answers in flight finish, for at most STOP_GRACE_MS.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`panicboard: the server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
