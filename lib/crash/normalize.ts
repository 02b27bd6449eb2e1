/**
 * Line normalization: split text into lines and strip the transport prefixes that consoles,
 * kdump, syslog and the journal add, keeping what they told us (timestamps, caller context).
 *
 * Every regex here is anchored and runs on at most MAX_PREFIX_SCAN characters of a line, so the
 * cost per line is bounded by a constant and the whole pass is linear in the input size.
 */

import { MONTHS } from "./time";

/** Regexes only ever look at this many characters of a line. */
const MAX_LINE_SCAN = 512;
const MAX_PREFIX_SCAN = 160;
/** Longest line kept whole (a `Modules linked in:` list with hundreds of modules). */
export const MAX_LONG_LINE = 16384;

type LinePrefix = "syslog" | "journal" | "level" | "timestamp";

export interface LogLine {
  /** 0-based line number in the input. */
  index: number;
  /** The line without its prefixes, capped at MAX_LINE_SCAN characters for matching. */
  text: string;
  /** The uncapped line (up to MAX_LONG_LINE characters) when `text` was cut; for list fields. */
  long: string | null;
  /**
   * syzkaller's notion of who printed the line: null when the line had no `[ t ]` stamp,
   * `console` when it had one, `T123`/`C1` when CONFIG_PRINTK_CALLER added a caller field.
   */
  context: string | null;
  /** Seconds since boot from a `[ 123.456789]` stamp. */
  timestamp: number | null;
  /** Wall-clock time from a syslog or journal prefix (see parseSyslogTime). */
  wallTime: WallTime | null;
  /** Host name from a syslog or journal prefix. */
  host: string | null;
  prefixes: readonly LinePrefix[];
}

export interface WallTime {
  /** Year when printed (ISO journal form); null for classic syslog `Nov 12 10:00:01`. */
  year: number | null;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Zone offset in minutes when printed; null when the prefix carried no zone. */
  offsetMinutes: number | null;
}

// `Nov 12 10:00:01 host kernel: ` (rsyslog default), optionally `kernel: [  1.2] `.
const SYSLOG_RE = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.\d{1,9})? ([^\s:]{1,64}) kernel: ?/;
// `2023-11-12T10:00:01.123456+01:00 host kernel: ` (journalctl -o short-iso[-precise], RFC 3339 syslog).
const JOURNAL_RE =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,]\d{1,9})?(Z|[+-]\d\d:?\d\d)? ([^\s:]{1,64}) kernel: ?/;
const BARE_KERNEL_RE = /^kernel: ?/;
const LEVEL_RE = /^<\d{1,2}>/;
const STAMP_RE = /^\[ *(\d{1,10})\.(\d{1,9})\](?:\[ *([CT]\d{1,9})\])? ?/;
const DROPPED_RE = /^\*\* \d{1,12} printk messages dropped \*\* /;
const ESCAPE_RE = /\\x[0-9a-fA-F]{2}/g;

/** Splits text into lines (LF, CRLF or lone CR) and strips known prefixes from each. */
export function normalizeLines(text: string): LogLine[] {
  const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const lines: LogLine[] = [];
  const n = source.length;
  let start = 0;
  let index = 0;
  while (start <= n) {
    let end = source.indexOf("\n", start);
    if (end < 0) end = n;
    lines.push(normalizeLine(source.slice(start, Math.min(end, start + MAX_LONG_LINE)), index++));
    start = end + 1;
  }
  return lines;
}

const NO_PREFIXES: readonly LinePrefix[] = Object.freeze([]);

/** Strips the prefixes of one line (without its line end); `index` is its position in the line list. */
export function normalizeLine(raw: string, index: number): LogLine {
  // Every prefix regex below is anchored with bounded quantifiers: it fails or succeeds within a
  // few dozen characters, so it may run on the whole line.
  let rest = raw.includes("\\x") ? raw.replace(ESCAPE_RE, "") : raw;
  let prefixes: LinePrefix[] | null = null;
  let wallTime: WallTime | null = null;
  let host: string | null = null;
  let m: RegExpExecArray | null = null;

  const c0 = rest.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90 && (m = SYSLOG_RE.exec(rest))) {
    const month = MONTHS[m[1] ?? ""];
    if (month) {
      wallTime = {
        year: null,
        month,
        day: Number(m[2]),
        hour: Number(m[3]),
        minute: Number(m[4]),
        second: Number(m[5]),
        offsetMinutes: null,
      };
      host = m[6] ?? null;
      prefixes = ["syslog"];
      rest = rest.slice(m[0].length);
    }
  } else if (c0 >= 48 && c0 <= 57 && (m = JOURNAL_RE.exec(rest))) {
    wallTime = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
      offsetMinutes: parseOffset(m[7]),
    };
    host = m[8] ?? null;
    prefixes = ["journal"];
    rest = rest.slice(m[0].length);
  } else if (c0 === 107 && (m = BARE_KERNEL_RE.exec(rest))) {
    rest = rest.slice(m[0].length);
  }

  // A console login prompt with no newline before the next kernel line: `host login: [ 35.1] BUG: ...`.
  const login = loginPrompt(rest);
  if (login >= 0 && login < MAX_PREFIX_SCAN && (rest[login + 8] === "[" || rest[login + 8] === "<")) {
    rest = rest.slice(login + 8);
  }
  if (rest.charCodeAt(0) === 42 && (m = DROPPED_RE.exec(rest))) rest = rest.slice(m[0].length);
  if (rest.charCodeAt(0) === 60 && (m = LEVEL_RE.exec(rest))) {
    (prefixes ??= []).push("level");
    rest = rest.slice(m[0].length);
  }
  let timestamp: number | null = null;
  let context: string | null = null;
  if (rest.charCodeAt(0) === 91 && (m = STAMP_RE.exec(rest))) {
    timestamp = Number(`${m[1]}.${m[2]}`);
    context = m[3] ?? "console";
    (prefixes ??= []).push("timestamp");
    rest = rest.slice(m[0].length);
  }
  const long = rest.length > MAX_LINE_SCAN;
  return {
    index,
    text: long ? rest.slice(0, MAX_LINE_SCAN) : rest,
    long: long ? rest : null,
    context,
    timestamp,
    wallTime,
    host,
    prefixes: prefixes ?? NO_PREFIXES,
  };
}

/**
 * Where ` login: ` first occurs in the line, when before MAX_PREFIX_SCAN; else -1. Found through its
 * colon: a one-character search, where a search for the whole word was the costliest step of a line.
 */
function loginPrompt(text: string): number {
  for (let colon = text.indexOf(":"); colon >= 0 && colon < MAX_PREFIX_SCAN + 6; colon = text.indexOf(":", colon + 1)) {
    if (colon >= 6 && text.charCodeAt(colon + 1) === 32 && text.startsWith(" login", colon - 6)) return colon - 6;
  }
  return -1;
}

function parseOffset(zone: string | undefined): number | null {
  if (!zone) return null;
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}
