/**
 * A compact, read-only index over kernel changelogs: per entry only its text and build, per build
 * its label and place in rpm order, and inverted lists from each identifier (and each plain word)
 * to the entries that name it. Entry fields (bugs, CVEs, author) are parsed again from the text for
 * the few entries a query returns, so 260k entries cost their text and a few typed arrays.
 */

import { compareEvr } from "../kernel/rpmvercmp";
import { comparableOf, describeBuild, firstReleaseOf, type FirstRelease } from "./builds";
import { forEachTerm, splitEntryText } from "./terms";
import type { ChangelogHistory } from "./types";

export interface ChangelogIndex {
  /** Stream names (`el6`...), indexed by stream id. */
  readonly streams: readonly string[];
  readonly buildLabel: readonly string[];
  readonly buildDate: readonly (string | null)[];
  readonly buildStream: Uint8Array;
  /** First release number (279 of 279.14.1); -1 when the label has none. */
  readonly buildBase: Int32Array;
  readonly buildIsZStream: Uint8Array;
  /** Position in its stream's rpm order, oldest 0. */
  readonly buildRank: Int32Array;
  /** Per stream id: build ids oldest first in rpm order. */
  readonly streamBuilds: readonly Int32Array[];
  /** Per stream id: base of the newest main-line build (the tip of development in the data). */
  readonly streamTipBase: Int32Array;
  readonly entryText: readonly string[];
  readonly entryBuild: Uint32Array;
  /** Identifier (`tcp_v4_err`, `net/ipv4/tcp_ipv4.c`, `tcp_ipv4.c`) -> entry ids, ascending. */
  readonly identifiers: Postings;
  /** Lowercased plain word (`illinois`, `xfs`) -> entry ids, ascending. */
  readonly words: Postings;
  /** Bugzilla id or Jira key -> entry ids of z-stream builds. */
  readonly zStreamByBug: ReadonlyMap<string, readonly number[]>;
  /** Lowercased summary -> entry ids of z-stream builds. */
  readonly zStreamBySummary: ReadonlyMap<string, readonly number[]>;
  /** First release per build id, computed on first use. */
  firstRelease: (buildId: number) => FirstRelease | null;
}

/** Term -> ascending entry ids, stored as one array of ids cut by offsets (CSR), not one array per term. */
interface Postings {
  readonly size: number;
  get: (term: string) => Int32Array | undefined;
}

/**
 * Collects (term, entry) pairs in growable typed arrays and sorts them by term once at the end:
 * ~4 bytes per posting instead of a JS array per term (110k terms, 1.5M postings).
 */
class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly lastEntry: number[] = [];
  private terms = new Int32Array(1 << 16);
  private entries = new Int32Array(1 << 16);
  private length = 0;

  add(term: string, entry: number): void {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.termIds.size;
      this.termIds.set(term, termId);
      this.lastEntry.push(-1);
    } else if (this.lastEntry[termId] === entry) return;
    this.lastEntry[termId] = entry;
    if (this.length === this.terms.length) {
      const terms = new Int32Array(this.length * 2);
      terms.set(this.terms);
      this.terms = terms;
      const entries = new Int32Array(this.length * 2);
      entries.set(this.entries);
      this.entries = entries;
    }
    this.terms[this.length] = termId;
    this.entries[this.length] = entry;
    this.length++;
  }

  finish(): Postings {
    const count = this.termIds.size;
    const offsets = new Int32Array(count + 1);
    for (let i = 0; i < this.length; i++) {
      const t = (this.terms[i] ?? 0) + 1;
      offsets[t] = (offsets[t] ?? 0) + 1;
    }
    for (let t = 0; t < count; t++) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
    const fill = offsets.slice(0, count);
    const ids = new Int32Array(this.length);
    // Pairs arrive in ascending entry order, so a stable counting sort keeps each list ascending.
    for (let i = 0; i < this.length; i++) {
      const t = this.terms[i] ?? 0;
      const at = fill[t] ?? 0;
      fill[t] = at + 1;
      ids[at] = this.entries[i] ?? 0;
    }
    const termIds = this.termIds;
    return {
      size: count,
      get(term: string) {
        // The builder may have learnt terms since this finish(): they are not in this index.
        const t = termIds.get(term);
        return t === undefined || t >= count ? undefined : ids.subarray(offsets[t], offsets[t + 1]);
      },
    };
  }
}

function pushList(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
}

/** Summary of an entry text, lowercased: what "the same fix" means across builds. */
export function summaryKey(text: string): string {
  const parts = splitEntryText(text);
  return text.slice(parts.summaryStart, parts.summaryEnd).toLowerCase();
}

/**
 * Builds an index incrementally: `addBuild` then its entries with `addEntry`. A build label seen
 * before (in the same stream) and a header without a version are skipped with their entries, so
 * feeding the same changelog twice changes nothing. `finish()` may be called again after more
 * builds are added; each index it returned stays valid and unchanged.
 */
export class ChangelogIndexBuilder {
  private readonly streams: string[] = [];
  private readonly buildLabel: string[] = [];
  private readonly buildDate: (string | null)[] = [];
  private readonly buildStream: number[] = [];
  private readonly buildBase: number[] = [];
  private readonly buildIsZStream: boolean[] = [];
  private readonly seen = new Set<string>();
  private readonly entryText: string[] = [];
  private readonly entryBuild: number[] = [];
  private readonly identifiers = new PostingsBuilder();
  private readonly words = new PostingsBuilder();
  private current = -1;
  private readonly onIdentifier = (identifier: string) => this.identifiers.add(identifier, this.entryText.length - 1);
  private readonly onWord = (word: string) => this.words.add(word, this.entryText.length - 1);

  /** Starts a build; returns false (and ignores its entries) when it is a duplicate or has no version. */
  addBuild(build: string | null, stream: string | null, date: string | null): boolean {
    const info = build ? describeBuild(build) : null;
    const streamName = info?.stream ?? stream;
    if (!build || !info || !streamName || this.seen.has(`${streamName} ${build}`)) {
      this.current = -1;
      return false;
    }
    this.seen.add(`${streamName} ${build}`);
    let streamId = this.streams.indexOf(streamName);
    if (streamId < 0) streamId = this.streams.push(streamName) - 1;
    this.current = this.buildLabel.length;
    this.buildLabel.push(build);
    this.buildDate.push(date);
    this.buildStream.push(streamId);
    this.buildBase.push(info.base ?? -1);
    this.buildIsZStream.push(info.isZStream);
    return true;
  }

  addEntry(text: string): void {
    if (this.current < 0) return;
    this.entryText.push(text);
    this.entryBuild.push(this.current);
    const parts = splitEntryText(text);
    forEachTerm(text, this.onIdentifier, this.onWord, parts.summaryStart, parts.summaryEnd);
  }

  finish(): ChangelogIndex {
    const buildCount = this.buildLabel.length;
    const buildStream = Uint8Array.from(this.buildStream);
    const buildBase = Int32Array.from(this.buildBase);
    const buildIsZStream = Uint8Array.from(this.buildIsZStream, (z) => (z ? 1 : 0));
    const buildRank = new Int32Array(buildCount);
    const streamBuilds: Int32Array[] = [];
    const streamTipBase = new Int32Array(this.streams.length).fill(-1);
    const comparable = this.buildLabel.map(comparableOf);
    for (let s = 0; s < this.streams.length; s++) {
      const ids: number[] = [];
      for (let b = 0; b < buildCount; b++) if (buildStream[b] === s) ids.push(b);
      ids.sort((a, b) => compareEvr(comparable[a] ?? "", comparable[b] ?? "") || a - b);
      ids.forEach((b, rank) => {
        buildRank[b] = rank;
        if (!buildIsZStream[b]) streamTipBase[s] = Math.max(streamTipBase[s] ?? -1, buildBase[b] ?? -1);
      });
      streamBuilds.push(Int32Array.from(ids));
    }

    const entryBuild = Uint32Array.from(this.entryBuild);
    const zStreamByBug = new Map<string, number[]>();
    const zStreamBySummary = new Map<string, number[]>();
    for (let id = 0; id < this.entryText.length; id++) {
      if (!buildIsZStream[entryBuild[id] ?? 0]) continue;
      const text = this.entryText[id] ?? "";
      const parts = splitEntryText(text);
      pushList(zStreamBySummary, text.slice(parts.summaryStart, parts.summaryEnd).toLowerCase(), id);
      for (const token of parts.bugGroup?.split(/[\s,]+/) ?? []) {
        if (/^(?:\d{4,8}|RHEL-\d+)$/i.test(token)) pushList(zStreamByBug, token.toUpperCase(), id);
      }
    }

    const releases = new Map<number, FirstRelease | null>();
    // Copies of the arrays the builder keeps appending to: an index stays as it was when finished.
    const labels = this.buildLabel.slice();
    return {
      streams: [...this.streams],
      buildLabel: labels,
      buildDate: this.buildDate.slice(),
      buildStream,
      buildBase,
      buildIsZStream,
      buildRank,
      streamBuilds,
      streamTipBase,
      entryText: this.entryText.slice(),
      entryBuild,
      identifiers: this.identifiers.finish(),
      words: this.words.finish(),
      zStreamByBug,
      zStreamBySummary,
      firstRelease(buildId: number) {
        if (!releases.has(buildId)) {
          const label = labels[buildId];
          releases.set(buildId, label ? firstReleaseOf(describeBuild(label)) : null);
        }
        return releases.get(buildId) ?? null;
      },
    };
  }
}

/** Indexes merged histories (see merge.ts) for `findFixes`. */
export function buildIndex(histories: readonly ChangelogHistory[]): ChangelogIndex {
  const builder = new ChangelogIndexBuilder();
  for (const history of histories) {
    for (const build of history.builds) {
      if (!builder.addBuild(build.build, build.stream ?? history.stream, build.date)) continue;
      for (const entry of build.entries) builder.addEntry(entry.text);
    }
  }
  return builder.finish();
}
