/** The uploaded text as stored, with line numbers; `highlight` marks key lines (panic line, RIP, call trace). */
export function RawText({ text, highlight = new Set<number>() }: { text: string; highlight?: ReadonlySet<number> }) {
  const lines = text.split("\n");
  return (
    <pre className="rawtext" aria-label="Raw crash text" data-testid="raw-text">
      {lines.map((line, i) => (
        <span key={i} className={highlight.has(i + 1) ? "line hl" : "line"} id={`L${i + 1}`}>
          <span className="ln" aria-hidden="true">
            {i + 1}
          </span>
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
