// `npm install` hook: generate the Prisma client into generated/prisma without downloading
// Prisma's native schema engine (these machines reach only the npm registry).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prismaCli = join(root, "node_modules", "prisma", "build", "index.js");
if (!existsSync(prismaCli)) {
  // Production installs without devDependencies: the client must have been generated already.
  console.log("panicboard: prisma CLI not installed; skipping client generation");
  process.exit(0);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? join(root, "scripts", "no-schema-engine.sh"),
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, [prismaCli, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
