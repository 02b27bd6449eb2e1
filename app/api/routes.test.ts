import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const VERBS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every route handler's declared access: a new route, or a changed access, shows up here. */
const EXPECTED_ACCESS: Record<string, string> = {
  "GET /api/health": "public",
  "GET /api/panics": "read",
  "POST /api/panics": "write",
  "GET /api/panics/[id]": "read",
  "GET /api/hosts/needs-update": "read",
  "POST /api/hosts/[hostname]/kernel": "write",
  "GET /api/changelogs": "read",
  "POST /api/changelogs": "write",
  "GET /api/changelogs/builds/[build]": "read",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(join(dir, entry.name)) : entry.name === "route.ts" ? [join(dir, entry.name)] : [],
  );
}

describe("app/api route handlers", () => {
  it("are all declared through handle() with their access", async () => {
    const found: Record<string, unknown> = {};
    for (const file of routeFiles(__dirname)) {
      const path = `/api/${relative(__dirname, file).replace(/\/?route\.ts$/, "")}`.replace(/\/$/, "");
      const exports = (await import(file)) as Record<string, unknown>;
      for (const verb of VERBS) {
        const handler = exports[verb] as ((...args: never[]) => unknown) & { access?: unknown };
        if (handler) found[`${verb} ${path}`] = handler.access ?? "undeclared: wrap it in handle({ access })";
      }
    }
    expect(found).toEqual(EXPECTED_ACCESS);
  });
});
