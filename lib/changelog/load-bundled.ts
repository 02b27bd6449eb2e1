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

function readBundled(stream: string): string {
  return gunzipSync(readFileSync(new URL(`./data/${stream}.changelog.gz`, import.meta.url))).toString("utf8");
}

/**
 * Loads the bundled changelogs into an index for `findFixes` (about 260k entries). Cached: later
 * calls return the same index.
 */
export function loadBundledChangelogs(streams: readonly string[] = BUNDLED_STREAMS): ChangelogIndex {
  const key = streams.join(",");
  const cached = cache.get(key);
  if (cached) return cached;
  const builder = new ChangelogIndexBuilder();
  for (const stream of streams) {
    const scanner = createChangelogScanner({
      header: (header) => void builder.addBuild(header.build, stream, header.date),
      entry: (text) => builder.addEntry(text),
    });
    scanner.write(readBundled(stream));
    scanner.end();
  }
  const index = builder.finish();
  cache.set(key, index);
  return index;
}

const cache = new Map<string, ChangelogIndex>();

/**
 * One bundled stream as a parsed history (entries with all their fields), for importing the
 * bundled data elsewhere (the database). Heavier than the index: use it once, not per request.
 */
export function loadBundledHistory(stream: (typeof BUNDLED_STREAMS)[number]): ChangelogHistory {
  const parsed = parseChangelog(readBundled(stream), { stream });
  if (!parsed.ok) throw new Error(`bundled ${stream} changelog does not parse: ${parsed.reason}`);
  return mergeBuilds({ stream, builds: [] }, parsed.builds).history;
}
