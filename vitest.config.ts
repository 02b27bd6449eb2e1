import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Tests sit beside their code: in lib/, in app/ (route handlers) and at the root (proxy.ts). */
const TESTS = ["{app,components,lib,scripts}/**/*", "*"];

/**
 * Two projects: `unit` (pure code, no database) and `integration` (a real PostgreSQL: DATABASE_URL
 * when set, else the embedded one; each run creates its own database and drops it afterwards).
 */
export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL(".", import.meta.url)) },
  },
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: TESTS.map((t) => `${t}.test.ts`),
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: TESTS.map((t) => `${t}.int.test.ts`),
          globalSetup: ["lib/test/global-database.ts"],
          setupFiles: ["lib/test/use-test-database.ts"],
          // One database per run, shared by the files: run them one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
