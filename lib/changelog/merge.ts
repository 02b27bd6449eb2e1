/**
 * Merging changelogs by build. Every kernel's changelog repeats the history before it, so imports
 * overlap: a build already known is kept as it was, and importing the same text twice adds nothing.
 */

import { comparableOf } from "./builds";
import { compareEvr } from "../kernel/rpmvercmp";
import type { ChangelogBuild, ChangelogHistory } from "./types";

export interface MergeSummary {
  stream: string;
  /** Builds the import added, as their headers write them, newest first. */
  newBuilds: string[];
  /** Entries of the added builds. */
  newEntries: number;
  /** Builds already known with the same entries. */
  unchangedBuilds: number;
  /** Builds already known whose imported entries differ; the stored copy is kept. */
  differingBuilds: string[];
  /** Builds not merged, with why (another stream). */
  skipped: { build: string | null; reason: string }[];
}

export interface MergeResult {
  history: ChangelogHistory;
  added: MergeSummary;
}

/** Identity of a build in a history; a header without a version is known by its date and author. */
function keyOf(build: ChangelogBuild): string {
  return build.build ?? `@${build.date ?? "?"} ${build.author}`;
}

function sameEntries(a: ChangelogBuild, b: ChangelogBuild): boolean {
  return a.entries.length === b.entries.length && a.entries.every((e, i) => e.text === b.entries[i]?.text);
}

/** Newest first in rpm order; builds without a version last, newest date first. */
function compareNewestFirst(a: ChangelogBuild, b: ChangelogBuild): number {
  if (a.build && b.build) return compareEvr(comparableOf(b.build), comparableOf(a.build));
  if (a.build) return -1;
  if (b.build) return 1;
  return (b.date ?? "").localeCompare(a.date ?? "");
}

/**
 * Merges parsed builds into a stream's history without changing the input history. A build seen
 * twice (already stored, or twice in `builds`) keeps its first copy; re-merging the same builds
 * reports nothing new.
 */
export function mergeBuilds(history: ChangelogHistory, builds: readonly ChangelogBuild[]): MergeResult {
  const byKey = new Map<string, ChangelogBuild>();
  for (const build of history.builds) byKey.set(keyOf(build), build);
  const added: MergeSummary = {
    stream: history.stream,
    newBuilds: [],
    newEntries: 0,
    unchangedBuilds: 0,
    differingBuilds: [],
    skipped: [],
  };
  const merged = [...history.builds];
  for (const build of builds) {
    if (build.stream !== null && build.stream !== history.stream) {
      added.skipped.push({ build: build.build, reason: `belongs to ${build.stream}, not ${history.stream}` });
      continue;
    }
    const key = keyOf(build);
    const known = byKey.get(key);
    if (known) {
      if (sameEntries(known, build)) added.unchangedBuilds++;
      else if (!added.differingBuilds.includes(key)) added.differingBuilds.push(key);
      continue;
    }
    const copy: ChangelogBuild = { ...build, stream: history.stream, entries: [...build.entries] };
    byKey.set(key, copy);
    merged.push(copy);
    added.newBuilds.push(key);
    added.newEntries += copy.entries.length;
  }
  if (added.newBuilds.length > 0) merged.sort(compareNewestFirst);
  const order = new Map(merged.map((b, i) => [keyOf(b), i]));
  added.newBuilds.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { history: { stream: history.stream, builds: merged }, added };
}

/**
 * Merges builds of any streams into a set of histories (one per stream, created as needed).
 * Returns the new histories and what each stream gained.
 */
export function mergeIntoHistories(
  histories: readonly ChangelogHistory[],
  builds: readonly ChangelogBuild[],
): { histories: ChangelogHistory[]; added: MergeSummary[] } {
  const byStream = new Map(histories.map((h) => [h.stream, h]));
  const incoming = new Map<string, ChangelogBuild[]>();
  for (const build of builds) {
    if (build.stream === null) continue;
    const list = incoming.get(build.stream) ?? [];
    list.push(build);
    incoming.set(build.stream, list);
  }
  const added: MergeSummary[] = [];
  for (const [stream, list] of incoming) {
    const result = mergeBuilds(byStream.get(stream) ?? { stream, builds: [] }, list);
    byStream.set(stream, result.history);
    added.push(result.added);
  }
  return { histories: [...byStream.values()], added };
}
