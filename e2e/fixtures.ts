import { execFileSync } from "node:child_process";
import { test as base } from "@playwright/test";

/** The e2e server's embedded database (see playwright.config.ts). */
export const E2E_DATABASE_URL = `postgresql://panicboard:panicboard@127.0.0.1:${process.env.PANICBOARD_E2E_PG_PORT ?? "54339"}/panicboard`;

/** Creates an API token through the real CLI, against the running e2e database. */
function createToken(name: string): string {
  return execFileSync("node", ["lib/cli/panicboard.mjs", "token", "create", "--name", name], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  }).trim();
}

/** `token`: one API token per worker, created with `panicboard token create`. */
export const test = base.extend<object, { token: string }>({
  token: [
    async ({}, use, workerInfo) => {
      await use(createToken(`e2e-${workerInfo.workerIndex}-${Date.now().toString(36)}`));
    },
    { scope: "worker" },
  ],
});

export { expect } from "@playwright/test";
