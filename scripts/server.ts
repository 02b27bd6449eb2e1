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
import { bodyLimits } from "../lib/server/http/body-limits";
import { declaresTooMuch, isUploadRequest, serveRoute } from "../lib/server/http/node-route";

async function main(): Promise<void> {
  const env = loadEnv();
  const port = env.PORT;
  const maxBodyBytes = bodyLimits(env.PANICBOARD_MAX_UPLOAD_BYTES).batch;
  // Loaded before Next starts its own start-up work (instrumentation.ts loads the changelog index in
  // the background), which would otherwise stretch this import's half second of CPU several times over.
  const { POST: uploadPanics } = await import("../app/api/panics/route");
  const app = next({ dev: false, dir: process.cwd(), port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    // A body declared over the limit is Next's to refuse, in full and after the access check, as in `next dev`.
    if (isUploadRequest(req) && !declaresTooMuch(req, maxBodyBytes)) {
      void serveRoute(uploadPanics, req, res, { maxBodyBytes, port });
      return;
    }
    void handleWithNext(req, res);
  });
  server.on("upgrade", app.getUpgradeHandler());
  server.listen(port, () => console.log(`panicboard: production server ready on port ${port}`));

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close();
      server.closeIdleConnections();
      // Answers in flight get a few seconds to finish, as a supervisor's stop timeout would allow.
      setTimeout(() => process.exit(0), 5_000).unref();
      void app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(`panicboard: the server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
