import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in Chromium against `npm start` on its own port, with its own embedded database
 * folder (wiped at the start of every run). The browser is PANICBOARD_CHROMIUM, else Debian's
 * /usr/bin/chromium, else Playwright's own (where `npx playwright install chromium` has run).
 */
const PORT = Number(process.env.PANICBOARD_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
/**
 * The fix finder's spec needs the seed crash unexplained by the catalogue, which every other spec
 * relies on: a second server, on the next port with its own database, runs without the seed bug.
 */
const FIX_PORT = Number(process.env.PANICBOARD_E2E_FIX_PORT ?? PORT + 1);
const FIX_PG_PORT = process.env.PANICBOARD_E2E_FIX_PG_PORT ?? "54340";
const fixFinderURL = `http://127.0.0.1:${FIX_PORT}`;
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const executablePath = process.env.PANICBOARD_CHROMIUM ?? systemChromium;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: /fix-finder\.spec\.ts$/ },
    { name: "fix-finder", testMatch: /fix-finder\.spec\.ts$/, use: { baseURL: fixFinderURL } },
  ],
  webServer: [
    {
      command: "node scripts/e2e-server.mjs",
      url: `${baseURL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(PORT),
        PANICBOARD_DATA_DIR: `.data/e2e-${PORT}`,
        PANICBOARD_EMBEDDED_PG_PORT: process.env.PANICBOARD_E2E_PG_PORT ?? "54339",
        DATABASE_URL: "",
      },
    },
    {
      command: "node scripts/e2e-server.mjs",
      url: `${fixFinderURL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(FIX_PORT),
        PANICBOARD_DATA_DIR: `.data/e2e-${FIX_PORT}`,
        PANICBOARD_EMBEDDED_PG_PORT: FIX_PG_PORT,
        PANICBOARD_E2E_FIX_PG_PORT: FIX_PG_PORT,
        PANICBOARD_CATALOGUE_EXCLUDE: "rhel6-tcp_v4_err-BUG_ON-skb",
        DATABASE_URL: "",
      },
    },
  ],
});
