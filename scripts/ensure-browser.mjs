// Before the end-to-end tests: make sure a Chromium exists. Order: $PANICBOARD_CHROMIUM, Debian's
// /usr/bin/chromium, Playwright's own build; else install one (apt as root on Debian/Ubuntu,
// otherwise `npx playwright install chromium`, which needs internet access).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const log = (line) => console.log(`e2e: ${line}`);
const candidates = [process.env.PANICBOARD_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  log(`using ${found}`);
  process.exit(0);
}
try {
  const { chromium } = await import("@playwright/test");
  if (existsSync(chromium.executablePath())) {
    log(`using Playwright's Chromium at ${chromium.executablePath()}`);
    process.exit(0);
  }
} catch {
  // fall through to installing one
}
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (isRoot && hasApt) {
  log("no Chromium found: installing Debian's chromium with apt-get");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  process.exit(0);
}
log("no Chromium found: running npx playwright install chromium");
const result = spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
if (result.status !== 0) {
  console.error(
    "e2e: could not get a Chromium. Install one (e.g. apt-get install chromium) or set PANICBOARD_CHROMIUM to its path.",
  );
  process.exit(1);
}
