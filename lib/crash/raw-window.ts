/**
 * Which lines of an uploaded text a page shows: the first and last lines and the key lines (the
 * parser's panic line, RIP and call trace) with context, within a fixed budget of lines and of
 * characters per line. A 10 MiB text or one of 100,000 short lines then renders as a page of a few
 * hundred lines instead of megabytes of HTML; the rest is a link away (and the download keeps it all).
 */
export const RAW_WINDOW = {
  head: 40,
  tail: 20,
  context: 8,
  /** Lines shown at most, key lines included. */
  maxLines: 300,
  /** Characters shown of one line (a text may be one 10 MiB line). */
  maxLineChars: 400,
} as const;

interface WindowLine<Mark> {
  /** 1-based line number. */
  n: number;
  text: string;
  truncated: boolean;
  mark: Mark | undefined;
}

export type WindowSegment<Mark> =
  | { kind: "lines"; lines: WindowLine<Mark>[] }
  /** Lines from..to (1-based, inclusive) not shown. */
  | { kind: "gap"; from: number; to: number };

/** The segments to show of `lines`, with `marks` (1-based line number → mark) chosen first. */
export function windowRawText<Mark>(
  lines: readonly string[],
  marks: ReadonlyMap<number, Mark>,
  limits: typeof RAW_WINDOW = RAW_WINDOW,
): WindowSegment<Mark>[] {
  const total = lines.length;
  const shown = new Set<number>();
  const add = (from: number, to: number) => {
    for (let n = Math.max(1, from); n <= Math.min(total, to) && shown.size < limits.maxLines; n++) shown.add(n);
  };
  // A text within the budget is shown whole.
  if (total <= limits.maxLines) add(1, total);
  add(1, limits.head);
  add(total - limits.tail + 1, total);
  const keys = [...marks.keys()].sort((a, b) => a - b);
  // The key lines first (each with the line before it), then their context while the budget lasts.
  for (const n of keys) add(n - 1, n);
  for (const n of keys) add(n - limits.context, n + limits.context);
  const segments: WindowSegment<Mark>[] = [];
  let current: WindowLine<Mark>[] | null = null;
  let gapFrom = 0;
  for (let n = 1; n <= total; n++) {
    if (!shown.has(n)) {
      if (current) current = null;
      if (!gapFrom) gapFrom = n;
      continue;
    }
    if (gapFrom) {
      segments.push({ kind: "gap", from: gapFrom, to: n - 1 });
      gapFrom = 0;
    }
    if (!current) {
      current = [];
      segments.push({ kind: "lines", lines: current });
    }
    const text = lines[n - 1] ?? "";
    current.push({
      n,
      text: text.length > limits.maxLineChars ? text.slice(0, limits.maxLineChars) : text,
      truncated: text.length > limits.maxLineChars,
      mark: marks.get(n),
    });
  }
  if (gapFrom) segments.push({ kind: "gap", from: gapFrom, to: total });
  return segments;
}
