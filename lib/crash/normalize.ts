/**
 * Line normalization: split text into lines and strip the transport prefixes that consoles,
 * kdump, syslog and the journal add, keeping what they told us (timestamps, caller context).
 *
 * Every regex here is anchored and runs on at most MAX_PREFIX_SCAN characters of a line, so the
 * cost per line is bounded by a constant and the whole pass is linear in the input size.
 */

/** Regexes only ever look at this many characters of a line. */
export const MAX_LINE_SCAN = 512;
const MAX_PREFIX_SCAN = 160;
/** Longest line kept whole (a `Modules linked in:` list with hundreds of modules). */
export const MAX_LONG_LINE = 16384;

export type LinePrefix = "syslog" | "journal" | "level" | "timestamp";

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
  prefixes: LinePrefix[];
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

const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

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
  const lines: LogLine[] = [];
  let start = 0;
  let index = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 10;
    if (c !== 10 && c !== 13) continue;
    lines.push(normalizeLine(text.slice(start, Math.min(i, start + MAX_LONG_LINE)), index++));
    if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  return lines;
}

function normalizeLine(raw: string, index: number): LogLine {
  let rest = raw.includes("\\x") ? raw.replace(ESCAPE_RE, "") : raw;
  const prefixes: LinePrefix[] = [];
  let wallTime: WallTime | null = null;
  let host: string | null = null;

  let head = rest.slice(0, MAX_PREFIX_SCAN);
  let m = SYSLOG_RE.exec(head);
  if (m) {
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
      prefixes.push("syslog");
      rest = rest.slice(m[0].length);
    }
  } else if ((m = JOURNAL_RE.exec(head))) {
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
    prefixes.push("journal");
    rest = rest.slice(m[0].length);
  } else if ((m = BARE_KERNEL_RE.exec(head))) {
    rest = rest.slice(m[0].length);
  }

  head = rest.slice(0, MAX_PREFIX_SCAN);
  // A console login prompt with no newline before the next kernel line: `host login: [ 35.1] BUG: ...`.
  const login = head.indexOf(" login: ");
  if (login >= 0 && (head[login + 8] === "[" || head[login + 8] === "<")) {
    rest = rest.slice(login + 8);
    head = rest.slice(0, MAX_PREFIX_SCAN);
  }
  if ((m = DROPPED_RE.exec(head))) {
    rest = rest.slice(m[0].length);
    head = rest.slice(0, MAX_PREFIX_SCAN);
  }
  if ((m = LEVEL_RE.exec(head))) {
    prefixes.push("level");
    rest = rest.slice(m[0].length);
    head = rest.slice(0, MAX_PREFIX_SCAN);
  }
  let timestamp: number | null = null;
  let context: string | null = null;
  if ((m = STAMP_RE.exec(head))) {
    timestamp = Number(`${m[1]}.${m[2]}`);
    context = m[3] ?? "console";
    prefixes.push("timestamp");
    rest = rest.slice(m[0].length);
  }
  return {
    index,
    text: rest.length > MAX_LINE_SCAN ? rest.slice(0, MAX_LINE_SCAN) : rest,
    long: rest.length > MAX_LINE_SCAN ? rest : null,
    context,
    timestamp,
    wallTime,
    host,
    prefixes,
  };
}

function parseOffset(zone: string | undefined): number | null {
  if (!zone) return null;
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}
