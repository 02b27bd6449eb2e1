/**
 * Parser for kernel RPM changelogs: `rpm -q --changelog kernel` output and the `%changelog` part of
 * a kernel.spec. Both entry styles:
 *   el6-el8  `- [net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]`
 *   el9      `- net_sched: hfsc: Fix a UAF ... (Davide Caratti) [RHEL-97522] {CVE-2025-37890}`
 * Line-based and streaming: `createChangelogScanner` takes text in chunks and reports headers and
 * entries to a sink, so a 10 MB changelog never becomes more than its lines.
 */

import { describeBuild } from "./builds";
import { extractIdentifiers, isRevertText, splitEntryText } from "./terms";
import type { ChangelogBuild, ChangelogEntry, ParseChangelogResult } from "./types";

export interface BuildHeader {
  /** `2.6.32-364.el6`; null when the header names no version. */
  build: string | null;
  date: string | null;
  author: string;
  email: string | null;
}

export interface ChangelogSink {
  header: (header: BuildHeader) => void;
  /** The text after `- ` with continuation lines joined; called once the entry is complete. */
  entry: (text: string) => void;
}

export interface ScanCounts {
  headers: number;
  entries: number;
  skippedLines: number;
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

/** `* Thu Feb 28 2013 Jarod Wilson <jarod@redhat.com> [2.6.32-364.el6]` (weekday optional). */
const HEADER = /^\*\s+(?:[A-Z][a-z]{2}\s+)?([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{4})\s+(.*)$/;
/** A kernel `VERSION-RELEASE`, optionally with an epoch: `2.6.32-364.el6`, `5.14-1`. */
const BUILD_LABEL = /^(?:\d+:)?\d+(?:\.\d+)*-[0-9][0-9A-Za-z._+~^]*$/;

/** Parses the part of a header after the date: `Name <mail> [2.6.32-364.el6]`, `Name <mail> - 2.6.32-364.el6`. */
function parseHeaderRest(rest: string): Omit<BuildHeader, "date"> {
  let text = rest.trim();
  let build: string | null = null;
  const bracket = /\s*\[([^\]\s]+)\]$/.exec(text);
  const dashed = /(?:^|\s)-\s*(\S+)$/.exec(text);
  const match = bracket ?? dashed;
  if (match?.[1] && BUILD_LABEL.test(match[1])) {
    build = match[1].replace(/^\d+:/, "");
    text = text.slice(0, match.index).trim();
  }
  const lt = text.indexOf("<");
  const gt = text.indexOf(">", lt);
  const email = lt >= 0 && gt > lt ? text.slice(lt + 1, gt).trim() || null : null;
  const author = (lt >= 0 ? text.slice(0, lt) : text).trim();
  return { build, author, email };
}

function parseHeaderLine(line: string): BuildHeader | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const month = MONTHS[m[1] ?? ""];
  const day = (m[2] ?? "").padStart(2, "0");
  const date = month ? `${m[3]}-${month}-${day}` : null;
  return { date, ...parseHeaderRest(m[4] ?? "") };
}

/**
 * A line scanner that takes the text in chunks (`write`) and reports each build header and each
 * complete entry to `sink`. Lines before the first header (a spec's preamble up to `%changelog`) are
 * skipped; comment lines (`#`) and dist-git `Resolves:` trailers are dropped and `%%` reads as `%`,
 * as rpm does.
 */
export function createChangelogScanner(sink: ChangelogSink): {
  write: (chunk: string) => void;
  end: () => ScanCounts;
} {
  const counts: ScanCounts = { headers: 0, entries: 0, skippedLines: 0 };
  let carry = "";
  let entry: string | null = null;
  let inBuild = false;

  const flush = () => {
    if (entry !== null) {
      sink.entry(entry);
      counts.entries++;
      entry = null;
    }
  };

  const line = (raw: string) => {
    let text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.charCodeAt(0) === 37 /* % */ && /^%changelog\s*$/.test(text)) {
      // A spec file: what came before %changelog (preamble, scripts) was never changelog.
      flush();
      inBuild = false;
      counts.skippedLines = 0;
      return;
    }
    const first = text.charCodeAt(0);
    if (first === 42 /* * */) {
      const header = parseHeaderLine(text);
      if (header) {
        flush();
        sink.header(header);
        counts.headers++;
        inBuild = true;
        return;
      }
    }
    if (text.includes("%%")) text = text.replaceAll("%%", "%");
    if (first === 45 /* - */ && inBuild) {
      flush();
      entry = text.slice(text.charCodeAt(1) === 32 ? 2 : 1).trim();
      return;
    }
    const trimmed = text.trim();
    if (trimmed === "") {
      flush();
      return;
    }
    if (trimmed.startsWith("#") || /^Resolves:/i.test(trimmed)) return;
    if (entry !== null) {
      entry = `${entry} ${trimmed}`;
      return;
    }
    counts.skippedLines++;
  };

  return {
    write(chunk: string) {
      let start = 0;
      let text = chunk;
      if (carry.length > 0) {
        text = carry + chunk;
        carry = "";
      }
      for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
        line(text.slice(start, nl));
        start = nl + 1;
      }
      carry = text.slice(start);
    },
    end() {
      if (carry.length > 0) line(carry);
      carry = "";
      flush();
      return counts;
    },
  };
}

const CVE = /CVE-\d{4}-\d{4,}/g;

/** Parses one entry text (the line after `- `) into its fields. */
export function parseEntryText(text: string): ChangelogEntry {
  const parts = splitEntryText(text);
  const summary = text.slice(parts.summaryStart, parts.summaryEnd);
  const bugs: string[] = [];
  const jira: string[] = [];
  if (parts.bugGroup) {
    for (const token of parts.bugGroup.split(/[\s,]+/)) {
      if (/^\d{4,8}$/.test(token)) bugs.push(token);
      else if (/^RHEL-\d+$/i.test(token)) jira.push(token.toUpperCase());
    }
  }
  const cves = parts.cveGroup ? [...new Set(parts.cveGroup.match(CVE) ?? [])] : [];
  return {
    text,
    summary,
    subsystem: parts.subsystem,
    author: parts.author,
    bugs,
    jira,
    cves,
    identifiers: extractIdentifiers(summary),
    isRevert: isRevertText(text),
  };
}

export interface ParseChangelogOptions {
  /** Stream for builds whose label has no dist tag; by default the stream most builds name. */
  stream?: string;
}

/**
 * Parses a kernel changelog text. Never throws: a text that is not a RHEL kernel changelog comes
 * back as `{ ok: false, reason }`.
 */
export function parseChangelog(text: string, options: ParseChangelogOptions = {}): ParseChangelogResult {
  const builds: ChangelogBuild[] = [];
  let current: ChangelogBuild | null = null;
  const scanner = createChangelogScanner({
    header: (header) => {
      current = { ...header, stream: header.build ? describeBuild(header.build).stream : null, entries: [] };
      builds.push(current);
    },
    entry: (entryText) => {
      current?.entries.push(parseEntryText(entryText));
    },
  });
  scanner.write(text);
  const counts = scanner.end();

  if (counts.headers === 0) {
    return {
      ok: false,
      reason: "no changelog header found (expected lines like '* Thu Feb 28 2013 Name <mail> [2.6.32-364.el6]')",
    };
  }
  if (counts.entries === 0) return { ok: false, reason: "changelog headers found but no '- ' entries under them" };

  const tally = new Map<string, number>();
  for (const build of builds) if (build.stream) tally.set(build.stream, (tally.get(build.stream) ?? 0) + 1);
  const streams = [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([stream]) => stream);
  const fallback = options.stream ?? streams[0] ?? null;
  if (fallback === null) {
    return {
      ok: false,
      reason: "no build names a RHEL kernel (no elN dist tag such as 2.6.32-364.el6): not a kernel changelog?",
    };
  }
  for (const build of builds) if (build.stream === null) build.stream = fallback;
  if (!streams.includes(fallback)) streams.push(fallback);
  return { ok: true, builds, streams, skippedLines: counts.skippedLines };
}
