export type LineMark = "panic" | "rip" | "trace";

/** The uploaded text as stored, with line numbers; `marks` highlights key lines (panic line, RIP, call trace). */
export function RawText({
  text,
  marks = new Map<number, LineMark>(),
}: {
  text: string;
  marks?: ReadonlyMap<number, LineMark>;
}) {
  const lines = text.split("\n");
  return (
    <pre className="rawtext" aria-label="Raw crash text" data-testid="raw-text" tabIndex={0}>
      {lines.map((line, i) => {
        const mark = marks.get(i + 1);
        return (
          <span key={i} className={mark ? `line hl hl-${mark}` : "line"} id={`L${i + 1}`} data-mark={mark}>
            <span className="ln" aria-hidden="true">
              {i + 1}
            </span>
            {line}
            {"\n"}
          </span>
        );
      })}
    </pre>
  );
}
