/**
 * The changelogs bundled in ./data (el6-el9, see data/README.md for sources, licence and gaps),
 * gunzipped and indexed straight from the scanner: no per-entry objects are built on the way.
 */

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { ChangelogIndexBuilder, type ChangelogIndex } from "./changelog-index";
import { mergeBuilds } from "./merge";
import { createChangelogScanner, parseChangelog } from "./parse-changelog";
import type { ChangelogHistory } from "./types";

export const BUNDLED_STREAMS = ["el6", "el7", "el8", "el9"] as const;
export type BundledStream = (typeof BUNDLED_STREAMS)[number];

/**
 * Each file read through its own `readFileSync(new URL(literal, import.meta.url))`: a bundler (Next's
 * Turbopack) copies the file such a call names. A template (`./data/${stream}.changelog.gz`) was
 * compiled to one file for every stream, and a URL kept in a variable makes it trace (and try to
 * compile) the whole project.
 */
function readBundledFile(stream: BundledStream): Buffer {
  switch (stream) {
    case "el6":
      return readFileSync(new URL("./data/el6.changelog.gz", import.meta.url));
    case "el7":
      return readFileSync(new URL("./data/el7.changelog.gz", import.meta.url));
    case "el8":
      return readFileSync(new URL("./data/el8.changelog.gz", import.meta.url));
    case "el9":
      return readFileSync(new URL("./data/el9.changelog.gz", import.meta.url));
  }
}

function readBundled(stream: BundledStream): string {
  return gunzipSync(readBundledFile(stream)).toString("utf8");
}

/** Characters scanned in one step of feeding the bundled changelogs (a few milliseconds of work). */
const STEP_CHARS = 64 * 1024;

/** Feeds `builder` the bundled changelogs one slice of text at a time, yielding after each slice. */
function* feedBundled(builder: ChangelogIndexBuilder, streams: readonly BundledStream[]): Generator<void> {
  for (const stream of streams) {
    const scanner = createChangelogScanner({
      header: (header) => void builder.addBuild(header.build, stream, header.date),
      entry: (text) => builder.addEntry(text),
    });
    const text = readBundled(stream);
    for (let at = 0; at < text.length; at += STEP_CHARS) {
      scanner.write(text.slice(at, at + STEP_CHARS));
      yield;
    }
    scanner.end();
  }
}

/**
 * A builder already fed with the bundled changelogs: add imported builds to it and call `finish()`
 * again for an index over both, without reading the bundled data a second time.
 */
export function createBundledIndexBuilder(streams: readonly BundledStream[] = BUNDLED_STREAMS): ChangelogIndexBuilder {
  const builder = new ChangelogIndexBuilder();
  for (const _ of feedBundled(builder, streams));
  return builder;
}

/**
 * createBundledIndexBuilder for a server: the same builder, fed in steps that give the event loop
 * back in between (about a second of scanning in all), so that requests arriving while it loads
 * are answered meanwhile instead of after it.
 */
export async function createBundledIndexBuilderInSteps(
  streams: readonly BundledStream[] = BUNDLED_STREAMS,
): Promise<ChangelogIndexBuilder> {
  const builder = new ChangelogIndexBuilder();
  for (const _ of feedBundled(builder, streams)) await new Promise<void>((resolve) => setImmediate(resolve));
  return builder;
}

/**
 * Loads the bundled changelogs into an index for `findFixes` (about 260k entries). Cached: later
 * calls return the same index.
 */
export function loadBundledChangelogs(streams: readonly BundledStream[] = BUNDLED_STREAMS): ChangelogIndex {
  const key = streams.join(",");
  const cached = cache.get(key);
  if (cached) return cached;
  const index = createBundledIndexBuilder(streams).finish();
  cache.set(key, index);
  return index;
}

const cache = new Map<string, ChangelogIndex>();

/**
 * One bundled stream as a parsed history (entries with all their fields), for importing the
 * bundled data elsewhere (the database). Heavier than the index: use it once, not per request.
 */
export function loadBundledHistory(stream: BundledStream): ChangelogHistory {
  const parsed = parseChangelog(readBundled(stream), { stream });
  if (!parsed.ok) throw new Error(`bundled ${stream} changelog does not parse: ${parsed.reason}`);
  return mergeBuilds({ stream, builds: [] }, parsed.builds).history;
}
