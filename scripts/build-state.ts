/**
 * Whether a production build still matches the code it was made from: bench:ingest and test:chaos
 * rebuild a stale build (scripts/harness.ts), `npm start` warns about one (scripts/serve.ts).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** What a build is made from: when any of it is newer than the build, the build is stale. */
const BUILD_INPUTS = ["app", "components", "lib", "generated", "public", "proxy.ts", "instrumentation.ts"]
  .concat(["next.config.ts", "package-lock.json"])
  .map((p) => join(ROOT, p));

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** A build in `distDir` (relative to the project) exists and is newer than every file it is made from. */
export function isBuildCurrent(distDir: string): boolean {
  const buildId = join(ROOT, distDir, "BUILD_ID");
  return existsSync(buildId) && statSync(buildId).mtimeMs >= Math.max(...BUILD_INPUTS.map(newestChange));
}
