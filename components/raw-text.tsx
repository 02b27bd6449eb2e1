import { windowRawText } from "@/lib/crash/raw-window";

export type LineMark = "panic" | "rip" | "trace";

/**
 * The uploaded text with line numbers, `marks` highlighting key lines (panic line, RIP, call trace).
 * Only a bounded window is rendered (lib/crash/raw-window: first and last lines, key lines with
 * context); each hidden stretch says how many lines it holds and, given `rangeHref`, links to them.
 */
export function RawText({
  text,
  marks = new Map<number, LineMark>(),
  rangeHref,
}: {
  text: string;
  marks?: ReadonlyMap<number, LineMark>;
  rangeHref?: (from: number, to: number) => string;
}) {
  const segments = windowRawText(text.split("\n"), marks);
  return (
    <pre className="rawtext" aria-label="Raw crash text" data-testid="raw-text" tabIndex={0}>
      {segments.map((segment) =>
        segment.kind === "gap" ? (
          <span key={`gap-${segment.from}`} className="line" data-testid="raw-text-gap">
            <span className="ln" aria-hidden="true">
              ⋮
            </span>
            {`${segment.to - segment.from + 1} lines (${segment.from}–${segment.to}) not shown `}
            {rangeHref ? (
              <a href={rangeHref(segment.from, segment.to)} target="_blank" rel="noopener">
                show
              </a>
            ) : null}
            {"\n"}
          </span>
        ) : (
          segment.lines.map(({ n, text: line, truncated, mark }) => (
            <span key={n} className={mark ? `line hl hl-${mark}` : "line"} id={`L${n}`} data-mark={mark}>
              <span className="ln" aria-hidden="true">
                {n}
              </span>
              {line}
              {truncated ? " … (line cut short; the download has it whole)" : null}
              {"\n"}
            </span>
          ))
        ),
      )}
    </pre>
  );
}
