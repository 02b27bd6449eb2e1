/** A row of colour swatches with their labels, for charts and highlighted text. */
export function Legend({ items }: { items: readonly { color: string; label: string }[] }) {
  return (
    <div className="legend-inline">
      {items.map((item) => (
        <span key={item.label}>
          <span className="swatch" style={{ background: item.color }} />
          {item.label}
        </span>
      ))}
    </div>
  );
}
