/**
 * Which kernel build fixes a crash: entries of the host's stream, in builds the host does not run
 * yet, that name the crashing function, the functions under it or the source file of its BUG line.
 */

import type { CrashReport } from "../crash/types";
import { parseKernelRelease } from "../kernel/release";
import { compareEvr } from "../kernel/rpmvercmp";
import type { FirstRelease } from "./builds";
import type { ChangelogIndex } from "./changelog-index";
import { parseEntryText } from "./parse-changelog";
import { COMMON_FRAMES, hasCrashWords, isRevertText } from "./terms";

export interface FixQuery {
  /** The host's `uname -r`: `2.6.32-279.14.1.el6.x86_64`. */
  kernel: string;
  /** The guilty frame first, then the rest of the call trace in order (nearest first). */
  functions: readonly string[];
  /** The function RIP/PC was in, when it differs from the guilty frame. */
  rip?: string | null;
  /** Source file of a `kernel BUG at net/ipv4/tcp_ipv4.c:417!` line. */
  bugFile?: string | null;
  /** Module of the guilty frame (`tcp_illinois`): the words of its name are looked up too. */
  module?: string | null;
  /** How many candidates to return (default 10). */
  limit?: number;
}

export type MatchRole = "guilty" | "rip" | "frame" | "bug-file" | "word";

export interface MatchedName {
  /** The name as the query had it (`tcp_v4_err`, `net/ipv4/tcp_ipv4.c`, `illinois`). */
  name: string;
  role: MatchRole;
  /** 0 for the guilty frame, else the frame's distance from it in the trace. */
  position: number;
}

export interface FixCandidate {
  /** The build that carries the entry, as its header writes it: `2.6.32-364.el6`. */
  build: string;
  stream: string;
  date: string | null;
  /** First RHEL minor release that shipped the build: `{ minor: "6.5", kernel: "2.6.32-431.el6" }`. */
  firstRelease: FirstRelease | null;
  /** The whole entry line after `- `. */
  text: string;
  summary: string;
  subsystem: string | null;
  author: string | null;
  bugs: readonly string[];
  jira: readonly string[];
  cves: readonly string[];
  /** Bugzilla, Jira and CVE pages. */
  links: string[];
  matched: MatchedName[];
  score: number;
  hasCrashWords: boolean;
  isRevert: boolean;
  /** Z-stream builds of the stream whose changelog has the same fix (same bug id or same text). */
  zStreams: string[];
}

/** Another stream's changelog names the crashing function where the host's has nothing: a hint, never a target. */
export interface OtherStreamFix {
  stream: string;
  build: string;
  firstRelease: FirstRelease | null;
  text: string;
  matched: string[];
  note: string;
}

export interface FixSearch {
  kernel: string;
  stream: string | null;
  candidates: FixCandidate[];
  otherStreams: OtherStreamFix[];
  /** Why the answer may be incomplete: unknown kernel, stream not loaded, changelog ends before the kernel. */
  notes: string[];
}

interface Lookup {
  map: "identifiers" | "words";
  key: string;
  factor: number;
}

interface Term {
  name: string;
  role: MatchRole;
  position: number;
  weight: number;
  lookups: Lookup[];
}

const WEIGHT = {
  guilty: 3,
  rip: 2.2,
  bugFilePath: 2,
  bugFileName: 1.5,
  /** Frame at distance d from the guilty one: FRAME / sqrt(d). */
  frame: 1.2,
  word: 0.35,
  commonFrame: 0.1,
  crashWords: 1.5,
  revert: 0.3,
} as const;
const MAX_FRAMES = 24;
/** Words of names named by more than this share of all entries are not looked up. */
const MAX_WORD_SHARE = 0.005;
/** Parts of names too generic to stand for a module or file on their own. */
const GENERIC_PARTS = new Set(
  "info init exit func handler work data list open read write alloc free release start stop call main core common get set put add del".split(
    " ",
  ),
);

/** `do_exit.cold`, `foo.isra.0`, `bar.constprop.3` -> the function's name. */
function cleanFunction(name: string): string {
  const trimmed = name.trim().replace(/^\?\s*/, "");
  const dot = trimmed.indexOf(".");
  return dot > 0 ? trimmed.slice(0, dot) : trimmed;
}

function functionLookups(name: string): Lookup[] {
  const lookups: Lookup[] = [{ map: "identifiers", key: name, factor: 1 }];
  const stripped = name.replace(/^_+/, "");
  if (stripped !== name && stripped.length >= 4) lookups.push({ map: "identifiers", key: stripped, factor: 0.6 });
  if (!name.includes("_")) lookups.push({ map: "words", key: name.toLowerCase(), factor: 0.8 });
  return lookups;
}

function wordParts(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((p) => p.length >= 4 && /^[a-z]/.test(p) && !GENERIC_PARTS.has(p));
}

function buildTerms(query: FixQuery): Term[] {
  const terms: Term[] = [];
  const seen = new Set<string>();
  const functions = query.functions.map(cleanFunction).filter((f) => f.length > 0);
  const [guilty, ...trace] = functions;
  const add = (name: string, role: MatchRole, position: number, weight: number, lookups: Lookup[]) => {
    if (seen.has(`${role === "word" ? "w" : "i"}:${name}`)) return;
    seen.add(`${role === "word" ? "w" : "i"}:${name}`);
    terms.push({ name, role, position, weight, lookups });
  };
  const commonFactor = (name: string) => (COMMON_FRAMES.has(name) ? WEIGHT.commonFrame : 1);

  if (guilty) add(guilty, "guilty", 0, WEIGHT.guilty * commonFactor(guilty), functionLookups(guilty));
  const rip = query.rip ? cleanFunction(query.rip) : "";
  if (rip) add(rip, "rip", 0, WEIGHT.rip * commonFactor(rip), functionLookups(rip));
  trace.slice(0, MAX_FRAMES).forEach((name, i) => {
    const weight = (WEIGHT.frame / Math.sqrt(i + 1)) * commonFactor(name);
    add(name, "frame", i + 1, weight, functionLookups(name));
  });

  const bugFile = query.bugFile?.trim();
  const sources: string[] = [];
  if (bugFile) {
    add(bugFile, "bug-file", 0, WEIGHT.bugFilePath, [{ map: "identifiers", key: bugFile, factor: 1 }]);
    const base = bugFile.slice(bugFile.lastIndexOf("/") + 1);
    if (base !== bugFile) add(base, "bug-file", 0, WEIGHT.bugFileName, [{ map: "identifiers", key: base, factor: 1 }]);
    sources.push(base.replace(/\.[chS]$/, ""));
  }
  // The words of the guilty function's, module's and BUG file's names find entries that speak of a
  // driver or algorithm without naming a function ("fix divide by zero in tcp algorithm illinois").
  if (guilty) sources.push(guilty);
  if (query.module) sources.push(query.module);
  for (const source of sources) {
    for (const part of wordParts(source)) add(part, "word", 0, WEIGHT.word, [{ map: "words", key: part, factor: 1 }]);
  }
  return terms;
}

interface Accumulator {
  score: number;
  matched: MatchedName[];
}

/** Index of the first build in `ids` (oldest first) that is newer than `kernel` in rpm order. */
function firstNewerRank(index: ChangelogIndex, ids: Int32Array, kernel: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvr(index.buildLabel[ids[mid] ?? 0] ?? "", kernel) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function linksOf(bugs: readonly string[], jira: readonly string[], cves: readonly string[]): string[] {
  return [
    ...bugs.map((id) => `https://bugzilla.redhat.com/show_bug.cgi?id=${id}`),
    ...jira.map((key) => `https://issues.redhat.com/browse/${key}`),
    ...cves.map((cve) => `https://access.redhat.com/security/cve/${cve}`),
  ];
}

function releaseText(release: FirstRelease | null): string {
  if (!release) return "not in a released minor the table knows";
  return release.isGa ? `RHEL ${release.minor}, GA ${release.kernel}` : `RHEL ${release.minor} z-stream`;
}

function zStreamsOf(index: ChangelogIndex, entryId: number, bugs: readonly string[], summary: string): string[] {
  const own = index.entryBuild[entryId] ?? 0;
  const builds = new Set<number>();
  for (const key of bugs) for (const id of index.zStreamByBug.get(key) ?? []) builds.add(index.entryBuild[id] ?? 0);
  for (const id of index.zStreamBySummary.get(summary.toLowerCase()) ?? []) builds.add(index.entryBuild[id] ?? 0);
  builds.delete(own);
  return [...builds]
    .filter((b) => index.buildStream[b] === index.buildStream[own])
    .sort((a, b) => (index.buildRank[a] ?? 0) - (index.buildRank[b] ?? 0))
    .map((b) => index.buildLabel[b] ?? "");
}

/**
 * Lists changelog entries that may fix a crash on `query.kernel`: entries of the kernel's stream in
 * builds newer than it in rpm order that name its functions, best first.
 *
 * A z-stream kernel (2.6.32-279.14.1.el6) sees the main line after its base (280, 281, ... 754) and
 * its own z-stream after it (279.19.1), not other minors' z-streams (358.x), whose fixes reach the
 * main line as well. The exception is a z-stream rooted at the newest main-line build in the data
 * (754.x for el6, 570.x for el9): nothing newer carries its fixes, so it counts as main line.
 *
 * Score: sum over matched names of weight x idf, where idf = ln(entries / entries naming it) comes
 * from the index; the guilty frame weighs most, then RIP and the BUG file, then frames by distance;
 * frames every trace carries weigh a tenth. Entries with crash words (NULL pointer, BUG_ON,
 * use-after-free, deadlock...) count 1.5x, reverts 0.3x.
 */
export function findFixes(index: ChangelogIndex, query: FixQuery): FixSearch {
  const notes: string[] = [];
  const result: FixSearch = { kernel: query.kernel, stream: null, candidates: [], otherStreams: [], notes };
  const parsed = parseKernelRelease(query.kernel);
  if (!parsed.valid) {
    notes.push(`not a kernel release: ${parsed.reason}`);
    return result;
  }
  result.stream = parsed.stream;
  const streamId = parsed.stream ? index.streams.indexOf(parsed.stream) : -1;
  if (!parsed.stream || parsed.distMajor === null) {
    notes.push(`${parsed.raw} is not a RHEL-family kernel: no changelog stream applies`);
    return result;
  }
  if (streamId < 0) notes.push(`no ${parsed.stream} changelog is loaded`);

  const hostBuilds = streamId >= 0 ? (index.streamBuilds[streamId] ?? new Int32Array(0)) : new Int32Array(0);
  const firstNewer = firstNewerRank(index, hostBuilds, parsed.versionRelease);
  if (streamId >= 0 && firstNewer >= hostBuilds.length) {
    const newest = index.buildLabel[hostBuilds[hostBuilds.length - 1] ?? 0];
    notes.push(
      `the ${parsed.stream} changelog ends at ${newest}, not after ${parsed.versionRelease}: later fixes are not known`,
    );
  }
  const hostBase = parsed.buildNumber ?? -1;
  const tipBase = streamId >= 0 ? (index.streamTipBase[streamId] ?? -1) : -1;
  const isVisible = (build: number): boolean =>
    (index.buildRank[build] ?? -1) >= firstNewer &&
    (!index.buildIsZStream[build] || index.buildBase[build] === hostBase || (index.buildBase[build] ?? -1) >= tipBase);

  const total = index.entryText.length;
  const found = new Map<number, Accumulator>();
  const elsewhere = new Map<number, string[]>();
  for (const term of buildTerms(query)) {
    const best = new Map<number, number>();
    for (const lookup of term.lookups) {
      const postings = index[lookup.map].get(lookup.key);
      if (!postings) continue;
      // A word half the changelog says (`mlx5e`, `xfs`) tells nothing about this crash.
      if (term.role === "word" && postings.length > total * MAX_WORD_SHARE) continue;
      const contribution = term.weight * lookup.factor * Math.log(total / postings.length);
      if (contribution <= 0) continue;
      for (const id of postings) {
        const build = index.entryBuild[id] ?? 0;
        if (index.buildStream[build] !== streamId) {
          if ((term.role === "guilty" || term.role === "rip") && lookup.factor === 1) {
            const names = elsewhere.get(id) ?? [];
            names.push(term.name);
            elsewhere.set(id, names);
          }
          continue;
        }
        if (!isVisible(build)) continue;
        if ((best.get(id) ?? 0) < contribution) best.set(id, contribution);
      }
    }
    for (const [id, contribution] of best) {
      const acc = found.get(id) ?? { score: 0, matched: [] };
      acc.score += contribution;
      acc.matched.push({ name: term.name, role: term.role, position: term.position });
      found.set(id, acc);
    }
  }

  const ranked: { id: number; score: number; crash: boolean; revert: boolean }[] = [];
  for (const [id, acc] of found) {
    // The whole line is tested: author names and bug ids hold no crash words, and no slice is made.
    const text = index.entryText[id] ?? "";
    const crash = hasCrashWords(text);
    const revert = isRevertText(text);
    const score = acc.score * (crash ? WEIGHT.crashWords : 1) * (revert ? WEIGHT.revert : 1);
    ranked.push({ id, score, crash, revert });
  }
  const rankOf = (id: number) => index.buildRank[index.entryBuild[id] ?? 0] ?? 0;
  ranked.sort((a, b) => b.score - a.score || rankOf(a.id) - rankOf(b.id));

  const limit = query.limit ?? 10;
  const shown = new Set<string>();
  for (const item of ranked) {
    if (result.candidates.length >= limit) break;
    const entry = parseEntryText(index.entryText[item.id] ?? "");
    const key = entry.summary.toLowerCase();
    if (shown.has(key)) continue;
    shown.add(key);
    const build = index.entryBuild[item.id] ?? 0;
    result.candidates.push({
      build: index.buildLabel[build] ?? "",
      stream: parsed.stream,
      date: index.buildDate[build] ?? null,
      firstRelease: index.firstRelease(build),
      text: entry.text,
      summary: entry.summary,
      subsystem: entry.subsystem,
      author: entry.author,
      bugs: entry.bugs,
      jira: entry.jira,
      cves: entry.cves,
      links: linksOf(entry.bugs, entry.jira, entry.cves),
      matched: found.get(item.id)?.matched ?? [],
      score: Math.round(item.score * 100) / 100,
      hasCrashWords: item.crash,
      isRevert: item.revert,
      zStreams: zStreamsOf(index, item.id, [...entry.bugs, ...entry.jira], entry.summary),
    });
  }

  const namesGuilty = result.candidates.some((c) => c.matched.some((m) => m.role === "guilty" || m.role === "rip"));
  if (!namesGuilty && elsewhere.size > 0) {
    result.otherStreams = otherStreamFixes(index, elsewhere, parsed.stream, parsed.versionRelease);
  }
  return result;
}

/** Per other stream, the oldest build whose changelog names the guilty (or RIP) function. */
function otherStreamFixes(
  index: ChangelogIndex,
  elsewhere: Map<number, string[]>,
  hostStream: string,
  kernel: string,
): OtherStreamFix[] {
  const oldest = new Map<number, number>();
  for (const id of elsewhere.keys()) {
    const stream = index.buildStream[index.entryBuild[id] ?? 0] ?? 0;
    const current = oldest.get(stream);
    const rank = (x: number) => index.buildRank[index.entryBuild[x] ?? 0] ?? 0;
    if (current === undefined || rank(id) < rank(current)) oldest.set(stream, id);
  }
  return [...oldest.entries()]
    .sort((a, b) => (index.streams[a[0]] ?? "").localeCompare(index.streams[b[0]] ?? ""))
    .map(([stream, id]) => {
      const build = index.entryBuild[id] ?? 0;
      const label = index.buildLabel[build] ?? "";
      const firstRelease = index.firstRelease(build);
      const streamName = index.streams[stream] ?? "";
      return {
        stream: streamName,
        build: label,
        firstRelease,
        text: index.entryText[id] ?? "",
        matched: elsewhere.get(id) ?? [],
        note: `fixed in ${streamName} ${label} (${releaseText(firstRelease)}); no ${hostStream} entry found after ${kernel}`,
      };
    });
}

/** The query for a parsed crash: guilty frame, RIP, reliable frames in order, BUG file, guilty module. */
export function fixQueryFromCrash(report: CrashReport, limit?: number): FixQuery {
  const functions: string[] = [];
  if (report.guiltyFrame) functions.push(report.guiltyFrame);
  for (const frame of report.frames) if (frame.reliable) functions.push(frame.function);
  const bugFile = /kernel BUG at ([^\s:]+):\d+/.exec(report.message ?? "")?.[1] ?? null;
  const guiltyFrame = report.frames.find((f) => f.function === report.guiltyFrame);
  return {
    kernel: report.kernelRelease ?? "",
    functions,
    rip: report.rip?.function ?? null,
    bugFile,
    module: guiltyFrame?.module ?? (report.rip?.function === report.guiltyFrame ? report.rip?.module : null) ?? null,
    limit,
  };
}

/** `findFixes` for a parsed crash report. */
export function findFixesForCrash(index: ChangelogIndex, report: CrashReport, limit?: number): FixSearch {
  return findFixes(index, fixQueryFromCrash(report, limit));
}
