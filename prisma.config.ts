import { defineConfig } from "prisma/config";

// Prisma's own CLI is used only for `prisma generate` here (see scripts/prisma-generate.mjs);
// migrations run through lib/server/db/migrate.ts. `env("DATABASE_URL")` would make generate fail
// when the variable is unset, so read it directly with a harmless fallback.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/panicboard",
  },
});
