import { HEADER_HINT_RE, MAX_REPORT_LINES, mayStartReport } from "./extract-title";
import { MAX_LONG_LINE, normalizeLine, type LogLine } from "./normalize";

/**
 * Windowed normalization for large texts: one regular expression finds the lines holding a header word
 * or a crash-session field, and only windows around the lines that can start a report (anchors) are
 * split and normalized. Lines outside every window never become a LogLine.
 *
 * A window holds WINDOW_BEFORE lines before its first anchor (`cut here`, the splat marks looked for
 * before a header) and runs WINDOW_AFTER lines past its last anchor: more than any step of the parser
 * reads after a header (a report, its details and the search for the next one stop at
 * MAX_REPORT_LINES), so the positions the parser compares stay the input's, and a report found in a
 * window is read as it would be in the whole text. Windows are laid end to end in one list; `index`
 * is the position in that list.
 */

/** Lines kept before an anchor (extract-title.ts looks 3 lines back for `cut here`). */
export const WINDOW_BEFORE = 16;
/** Lines kept after the last anchor of a window. */
export const WINDOW_AFTER = MAX_REPORT_LINES + 16;

/** What a `crash` session shows even without a report header (sys fields, `bt` task lines, prompts). */
const SESSION_HINT_RE = /KERNEL: |DUMPFILE: |RELEASE: |TASK: |crash> /;
/** Header words and session fields in one pass. */
const SCAN_SOURCE = `${HEADER_HINT_RE.source}|${SESSION_HINT_RE.source}`;
/** Without the g flag: does the text need any line-by-line work at all. */
export const ANY_HINT_RE = new RegExp(SCAN_SOURCE);

function isAnchor(text: string): boolean {
  return mayStartReport(text) || SESSION_HINT_RE.test(text);
}

/** Start of the line before the one starting at `start` (> 0). */
function previousLineStart(source: string, start: number): number {
  return start <= 1 ? 0 : source.lastIndexOf("\n", start - 2) + 1;
}

/** The windows of `source` (LF line ends only) as one list of normalized lines. */
export function windowedLines(source: string): LogLine[] {
  const lines: LogLine[] = [];
  const n = source.length;
  const scan = new RegExp(SCAN_SOURCE, "g");
  /** Offset of the first line not taken yet (a line start, or n + 1 when the text is done). */
  let taken = 0;
  let pos = 0;
  while (pos <= n) {
    scan.lastIndex = pos;
    const hit = scan.exec(source);
    if (!hit) break;
    const lineStart = hit.index === 0 ? 0 : source.lastIndexOf("\n", hit.index - 1) + 1;
    let lineEnd = source.indexOf("\n", hit.index);
    if (lineEnd < 0) lineEnd = n;
    const probe = normalizeLine(source.slice(lineStart, Math.min(lineEnd, lineStart + MAX_LONG_LINE)), 0);
    pos = lineEnd + 1;
    if (!isAnchor(probe.text)) continue;

    let cursor = lineStart;
    for (let k = 0; k < WINDOW_BEFORE && cursor > taken; k++) cursor = previousLineStart(source, cursor);
    // From WINDOW_BEFORE lines before the anchor to WINDOW_AFTER lines after the last anchor met.
    let left = WINDOW_AFTER + 1;
    while (cursor <= n && (cursor <= lineStart || left > 0)) {
      let end = source.indexOf("\n", cursor);
      if (end < 0) end = n;
      const line = normalizeLine(source.slice(cursor, Math.min(end, cursor + MAX_LONG_LINE)), lines.length);
      lines.push(line);
      if (cursor >= lineStart) left = isAnchor(line.text) ? WINDOW_AFTER : left - 1;
      cursor = end + 1;
    }
    taken = cursor;
    pos = Math.max(pos, cursor);
  }
  return lines;
}

/** The lines among the first `limit` lines of `source` that normalize to one starting with `prefix`. */
export function findEarlyLines(source: string, prefix: string, limit: number): LogLine[] {
  const out: LogLine[] = [];
  let bound = 0;
  for (let k = 0; k < limit && bound >= 0; k++) bound = source.indexOf("\n", bound + (k === 0 ? 0 : 1));
  // Searched in the head only: a search of the whole text for a banner it lacks was a fifth of a parse.
  const head = bound < 0 ? source : source.slice(0, bound);
  for (let at = head.indexOf(prefix); at >= 0; at = head.indexOf(prefix, at + 1)) {
    const lineStart = at === 0 ? 0 : source.lastIndexOf("\n", at - 1) + 1;
    let lineEnd = source.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = source.length;
    const line = normalizeLine(source.slice(lineStart, Math.min(lineEnd, lineStart + MAX_LONG_LINE)), 0);
    if (line.text.startsWith(prefix)) out.push(line);
    at = lineEnd;
  }
  return out;
}
