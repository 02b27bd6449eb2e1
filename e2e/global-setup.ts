import { mkdirSync } from "node:fs";

/** The suite writes to its own embedded database (playwright.config.ts clears DATABASE_URL); refuse anything else. */
export default function globalSetup() {
  const url = process.env.PANICBOARD_E2E_DATABASE_URL;
  if (url && !/@(127\.0\.0\.1|localhost)[:/]/.test(url)) {
    throw new Error(`e2e: refusing to run against a non-local database (${url})`);
  }
  mkdirSync("e2e/screenshots", { recursive: true });
}
