import { ZodError } from "zod";
import { KB_STREAMS, knownBugSchema, type KnownBug } from "../../kb";
import type { KnownBugEdit } from "../../schemas/known-bug-edit";
import { getDb, type Prisma } from "../db";
import { AppError, toAppError } from "../errors";
import { replaceUserKnownBug, type RematchResult } from "./catalogue";
import { referenceOf } from "./known-bugs";

export type KnownBugChangeAction = "created" | "edited" | "deleted";

/** What changed, per field: `{ title: { from, to } }`. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Records a change to a known bug in its History: who (token name or user), what, and now. */
export async function recordKnownBugChange(
  knownBugId: string,
  action: KnownBugChangeAction,
  actor: string,
  changes: FieldChanges,
): Promise<void> {
  await getDb().knownBugChange.create({
    data: { knownBugId, action, actor, changes: changes as unknown as Prisma.InputJsonValue },
  });
}

/** The bug with the form's title, description, references and main-line fixed-in per stream; the rest kept. */
function applyEdit(bug: KnownBug, edit: KnownBugEdit): KnownBug {
  const fixedIn: KnownBug["fixedIn"] = {};
  for (const stream of KB_STREAMS) {
    const old = bug.fixedIn[stream];
    const kernel = (edit.fixedIn as Partial<Record<string, string>>)[stream] ?? null;
    // A stream keeps its z-stream backports; one with neither a kernel nor backports goes.
    if (kernel || old?.backports.length) {
      fixedIn[stream] = old
        ? { ...old, fixedIn: kernel }
        : { fixedIn: kernel, backports: [], firstAffected: null, errata: [], confidence: "unconfirmed" };
    }
  }
  try {
    return knownBugSchema.parse({
      ...bug,
      title: edit.title,
      description: edit.description,
      references: edit.references.map((url) => referenceOf(url, bug.references)),
      fixedIn,
    });
  } catch (error) {
    if (error instanceof ZodError) throw toAppError(error, "The bug");
    throw error;
  }
}

const fixedInOf = (bug: KnownBug) =>
  Object.fromEntries(KB_STREAMS.flatMap((s) => (bug.fixedIn[s]?.fixedIn ? [[s, bug.fixedIn[s]?.fixedIn]] : [])));

/** The fields an edit shows in the History, as plain values. */
function summaryOf(bug: KnownBug): Record<string, unknown> {
  return {
    title: bug.title,
    description: bug.description,
    references: bug.references.map((r) => r.url),
    fixedIn: fixedInOf(bug),
  };
}

function diffOf(before: KnownBug, after: KnownBug): FieldChanges {
  const from = summaryOf(before);
  const to = summaryOf(after);
  const changes: FieldChanges = {};
  for (const key of Object.keys(to)) {
    if (JSON.stringify(from[key]) !== JSON.stringify(to[key])) changes[key] = { from: from[key], to: to[key] };
  }
  return changes;
}

async function loadUserBug(id: string): Promise<KnownBug> {
  const row = await getDb().knownBug.findUnique({ where: { id }, select: { origin: true, definition: true } });
  if (!row) throw new AppError("not_found", `No known bug ${id}`);
  if (row.origin !== "user") {
    throw new AppError("conflict", `${id} comes from the catalogue (lib/kb/bugs): change its file instead`);
  }
  return knownBugSchema.parse(row.definition);
}

export interface KnownBugChangeResult {
  changes: FieldChanges;
  rematched: RematchResult | null;
}

/**
 * Edits a bug created in the dashboard (catalogue bugs are read-only: `conflict`), re-matches the
 * panics it holds or could now match, recomputes the verdicts it bears on, and records who changed
 * what. An edit that changes nothing writes nothing.
 */
export async function editKnownBug(id: string, edit: KnownBugEdit, actor: string): Promise<KnownBugChangeResult> {
  const current = await loadUserBug(id);
  const next = applyEdit(current, edit);
  const changes = diffOf(current, next);
  if (Object.keys(changes).length === 0) return { changes, rematched: null };
  const { before, rematched } = await replaceUserKnownBug(id, next);
  const recorded = diffOf(knownBugSchema.parse(before), next);
  await recordKnownBugChange(id, "edited", actor, recorded);
  return { changes: recorded, rematched };
}

/** Deletes a bug created in the dashboard: its panics go to the other bugs (or none); recorded in its History. */
export async function deleteKnownBug(id: string, actor: string): Promise<KnownBugChangeResult> {
  await loadUserBug(id);
  const { before, rematched } = await replaceUserKnownBug(id, null);
  const changes: FieldChanges = { title: { from: before.title, to: null } };
  await recordKnownBugChange(id, "deleted", actor, changes);
  return { changes, rematched };
}

export interface KnownBugChangeRow {
  id: number;
  action: string;
  actor: string;
  changes: FieldChanges;
  createdAt: Date;
}

/** A bug's History, newest first. */
export async function listKnownBugChanges(knownBugId: string, take = 100): Promise<KnownBugChangeRow[]> {
  const rows = await getDb().knownBugChange.findMany({
    where: { knownBugId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((r) => ({ ...r, changes: (r.changes ?? {}) as FieldChanges }));
}
