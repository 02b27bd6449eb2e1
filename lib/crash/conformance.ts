import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseCrashSummary } from "./index";

/**
 * The syzkaller corpus as a conformance suite: each file is a header (TITLE:, ALT:, TYPE:, ...),
 * a blank line and the console log, optionally followed by a `REPORT:` section that is not input.
 */

export interface CorpusCase {
  name: string;
  title: string | null;
  alts: string[];
  type: string | null;
  corrupted: boolean;
  /** Every header field, repeated keys in order (TITLE, ALT, FRAME, and the repo's own keys). */
  fields: Map<string, string[]>;
  log: string;
}

interface CaseResult {
  name: string;
  expected: string | null;
  actual: string | null;
  type: string | null;
  pass: boolean;
  altPass: boolean;
  corrupted: boolean;
  /** The report's group key; null when nothing was detected. */
  signature: string | null;
  /** How many frames the report has (for the frames figure). */
  frames: number;
}

export interface ConformanceSummary {
  titled: number;
  titledPass: number;
  altPass: number;
  noCrash: number;
  noCrashPass: number;
  byType: Record<string, { total: number; pass: number }>;
  grouping: GroupingFigures;
  results: CaseResult[];
}

/**
 * Grouping over every pair of titled, uncorrupted, detected corpus reports, with the corpus TITLE as
 * the truth: precision is the share of pairs sharing a signature that have one title (must be 1),
 * recall the share of pairs with one title that share a signature.
 */
interface GroupingFigures {
  reports: number;
  sameSignaturePairs: number;
  sameSignatureSameTitle: number;
  sameTitlePairs: number;
  sameTitleSameSignature: number;
  precision: number;
  recall: number;
  /** Pairs of files that share a signature under different titles. */
  merged: [string, string][];
  /** Pairs of files with one title and different signatures. */
  split: [string, string][];
}

/** Pairwise grouping figures over the results (see GroupingFigures). */
function measureGrouping(results: readonly CaseResult[]): GroupingFigures {
  const rs = results.filter((r) => r.expected !== null && !r.corrupted && r.signature !== null);
  const g: GroupingFigures = {
    reports: rs.length,
    sameSignaturePairs: 0,
    sameSignatureSameTitle: 0,
    sameTitlePairs: 0,
    sameTitleSameSignature: 0,
    precision: 1,
    recall: 1,
    merged: [],
    split: [],
  };
  for (let i = 0; i < rs.length; i++) {
    for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i];
      const b = rs[j];
      if (!a || !b) continue;
      const sameTitle = a.expected === b.expected;
      const sameSignature = a.signature === b.signature;
      if (sameSignature) {
        g.sameSignaturePairs++;
        if (sameTitle) g.sameSignatureSameTitle++;
        else g.merged.push([a.name, b.name]);
      }
      if (sameTitle) {
        g.sameTitlePairs++;
        if (sameSignature) g.sameTitleSameSignature++;
        else g.split.push([a.name, b.name]);
      }
    }
  }
  if (g.sameSignaturePairs > 0) g.precision = g.sameSignatureSameTitle / g.sameSignaturePairs;
  if (g.sameTitlePairs > 0) g.recall = g.sameTitleSameSignature / g.sameTitlePairs;
  return g;
}

/**
 * Splits a corpus file into its header fields and the log (without any REPORT: section), as
 * syzkaller's report_test.go reads it: header lines up to the first empty line, then the log. A file
 * that begins with an empty line has no header at all (no TITLE: it holds no crash), and its whole
 * text after that line is the log.
 */
export function parseCorpusFile(name: string, text: string): CorpusCase {
  const c: CorpusCase = { name, title: null, alts: [], type: null, corrupted: false, fields: new Map(), log: "" };
  let pos = 0;
  for (;;) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, "");
    pos = nl < 0 ? text.length : nl + 1;
    if (line === "" || nl < 0) {
      if (line !== "") readHeaderLine(c, line);
      break;
    }
    readHeaderLine(c, line);
  }
  let log = text.slice(pos);
  const report = log.search(/^REPORT:\r?$/m);
  if (report >= 0) log = log.slice(0, report);
  c.log = log;
  return c;
}

function readHeaderLine(c: CorpusCase, line: string): void {
  const colon = line.indexOf(": ");
  const key = colon < 0 ? line.replace(/:$/, "") : line.slice(0, colon);
  const value = colon < 0 ? "" : line.slice(colon + 2);
  if (key.startsWith("#")) return;
  const values = c.fields.get(key) ?? [];
  values.push(value);
  c.fields.set(key, values);
  if (key === "TITLE") c.title = value;
  else if (key === "ALT") c.alts.push(value);
  else if (key === "TYPE") c.type = value;
  else if (key === "CORRUPTED") c.corrupted = value === "Y";
}

function listCorpusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Runs every corpus file through parseCrashSummary and compares titles. */
export function runConformance(dir: string): ConformanceSummary {
  const summary: ConformanceSummary = {
    titled: 0,
    titledPass: 0,
    altPass: 0,
    noCrash: 0,
    noCrashPass: 0,
    byType: {},
    grouping: measureGrouping([]),
    results: [],
  };
  for (const name of listCorpusFiles(dir)) {
    const c = parseCorpusFile(name, readFileSync(join(dir, name), "utf8"));
    const report = parseCrashSummary(c.log);
    const actual = report.detected ? report.title : null;
    const pass = c.title === null ? !report.detected : actual === c.title;
    const altPass = pass || (actual !== null && c.alts.includes(actual));
    summary.results.push({
      name,
      expected: c.title,
      actual,
      type: c.type,
      pass,
      altPass,
      corrupted: c.corrupted,
      signature: report.signature,
      frames: report.frames.length,
    });
    if (c.title === null) {
      summary.noCrash++;
      if (pass) summary.noCrashPass++;
      continue;
    }
    summary.titled++;
    if (pass) summary.titledPass++;
    if (altPass) summary.altPass++;
    const type = c.type ?? "(none)";
    const bucket = (summary.byType[type] ??= { total: 0, pass: 0 });
    bucket.total++;
    if (pass) bucket.pass++;
  }
  summary.grouping = measureGrouping(summary.results);
  return summary;
}
