#!/usr/bin/env node
// Entry point of `npx panicboard`: loads the TypeScript CLI through tsx, so it runs
// straight after `npm install` with no build step, no database and no server.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
