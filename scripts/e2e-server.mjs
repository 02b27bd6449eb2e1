// Playwright's webServer: a fresh embedded database for every end-to-end run, then `npm start`.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

const dataDir = resolve(process.env.PANICBOARD_DATA_DIR ?? ".data/e2e");
if (!dataDir.includes(".data")) throw new Error(`refusing to wipe ${dataDir}: not under .data/`);
rmSync(dataDir, { recursive: true, force: true });
const child = spawn("npx", ["tsx", "scripts/serve.ts", "start"], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
