/**
 * Migrations without Prisma's native schema engine (which cannot be downloaded on offline machines):
 * Prisma's WebAssembly schema engine from npm, driven with the pg driver adapter. The folder layout
 * and the `_prisma_migrations` bookkeeping are Prisma's own, so `prisma migrate deploy` works on the
 * same folder wherever the native engine is available.
 *
 * This relies on the internal package @prisma/schema-engine-wasm: its version is pinned in
 * package.json and every use of it stays in this file.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { MIGRATIONS_DIR, listMigrations } from "./migration-status";

export { MIGRATIONS_DIR, listMigrations };
export const SCHEMA_PATH = resolve(process.cwd(), "prisma", "schema.prisma");
/** The schema as of the newest migration; `new-migration` diffs from it, `check` compares with it. */
export const SNAPSHOT_PATH = join(MIGRATIONS_DIR, "schema.snapshot.prisma");

type WasmModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
type SchemaEngine = Awaited<ReturnType<WasmModule["SchemaEngine"]["new"]>>;

let wasmModule: Promise<WasmModule> | undefined;

function loadWasm(): Promise<WasmModule> {
  wasmModule ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = resolve(process.cwd(), "node_modules", "@prisma", "schema-engine-wasm", "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": bg });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bg;
  })();
  return wasmModule;
}

async function withEngine<T>(databaseUrl: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const bg = await loadWasm();
  // Our own pool, closed afterwards: the engine holds Prisma's migration advisory lock on one of its
  // connections, and a pool left open would make the next migrate (another process) wait for it.
  // A pool from the whole URL keeps its parameters (sslmode, socket host). Only `prisma migrate dev`'s
  // shadow database needs host, user and database as separate fields, and nothing here uses one.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  try {
    const engine = await bg.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, adapter);
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

function migrationList(until?: string) {
  const dir = MIGRATIONS_DIR;
  // Paths relative to baseDir, as Prisma's CLI passes them: the engine records `path` as the migration name.
  const lockPath = join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: listMigrations()
      .filter((m) => until === undefined || m.name <= until)
      .map((m) => ({
        path: m.name,
        migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: m.sql } },
      })),
  };
}

/**
 * `prisma migrate deploy`: applies pending migrations in order; a no-op when all are applied.
 * `until` (a migration's folder name) stops after it: a test of a data migration starts from there.
 */
export async function applyMigrations(databaseUrl: string, until?: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: migrationList(until),
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.appliedMigrationNames;
  });
}

/** SQL that turns the schema `fromSchema` (or an empty database when null) into `toSchema`. */
export async function diffSchemas(databaseUrl: string, fromSchema: string | null, toSchema: string): Promise<string> {
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from:
        fromSchema === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: SNAPSHOT_PATH, content: fromSchema }] },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: toSchema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  });
}
