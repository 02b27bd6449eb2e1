/**
 * Loading and fingerprinting the known-bug catalogue. The files in ./bugs are the reviewed source;
 * the database holds them plus bugs created at run time, both validated by knownBugSchema.
 */

import { createHash } from "node:crypto";
import { BUG_FILES } from "./bugs";
import { knownBugSchema, type KnownBug } from "./schema";

export interface CatalogueIssue {
  /** File name or caller-supplied label of the entry. */
  source: string;
  message: string;
}

export interface ValidatedBugs {
  bugs: KnownBug[];
  issues: CatalogueIssue[];
}

/**
 * Validates raw bug objects (from files, the database or an API body). Invalid entries and duplicate
 * ids are reported as issues, never thrown; valid ones come back with defaults applied.
 */
export function validateKnownBugs(entries: ReadonlyArray<{ source: string; data: unknown }>): ValidatedBugs {
  const bugs: KnownBug[] = [];
  const issues: CatalogueIssue[] = [];
  const seen = new Set<string>();
  for (const { source, data } of entries) {
    const result = knownBugSchema.safeParse(data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        issues.push({ source, message: `${issue.path.join(".") || "(root)"}: ${issue.message}` });
      }
      continue;
    }
    if (seen.has(result.data.id)) {
      issues.push({ source, message: `duplicate bug id '${result.data.id}'` });
      continue;
    }
    seen.add(result.data.id);
    bugs.push(result.data);
  }
  return { bugs, issues };
}

let cached: KnownBug[] | null = null;

/**
 * The catalogue shipped in lib/kb/bugs, validated, ordered by id. Throws when a file is invalid or its
 * id differs from its file name: the files are reviewed source code, so that is a build error.
 */
export function loadCatalogue(): KnownBug[] {
  if (cached) return cached;
  const entries = Object.entries(BUG_FILES).map(([source, data]) => ({ source, data }));
  const { bugs, issues } = validateKnownBugs(entries);
  for (const [source, data] of Object.entries(BUG_FILES)) {
    const id = (data as { id?: unknown }).id;
    if (id !== source) issues.push({ source, message: `id '${String(id)}' does not match the file name` });
  }
  if (issues.length > 0) {
    throw new Error(`invalid known-bug catalogue:\n${issues.map((i) => `  ${i.source}: ${i.message}`).join("\n")}`);
  }
  cached = [...bugs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return cached;
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * SHA-256 (hex) of the catalogue's content: bugs ordered by id, keys sorted, defaults applied by the
 * schema first (so a file that spells out a default hashes like one that omits it). Independent of
 * the order the bugs come in. Store it to know when panics must be re-matched.
 */
export function catalogueHash(bugs: readonly KnownBug[]): string {
  const normalized = bugs.map((bug) => knownBugSchema.parse(bug));
  normalized.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash("sha256").update(canonicalJson(normalized)).digest("hex");
}
