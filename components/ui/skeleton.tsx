/** A placeholder of the panel's final height, so the page does not shift when the panel streams in. */
export function Skeleton({ height, label = "Loading" }: { height: number; label?: string }) {
  return <div className="skeleton" style={{ height }} role="status" aria-label={label} />;
}

/** A placeholder inside a line of text (a page header's counts), one line high. */
export function SkeletonText({ width = "12em", label = "Loading" }: { width?: string; label?: string }) {
  return (
    <span
      className="skeleton"
      style={{ display: "inline-block", width, height: "1em", verticalAlign: "middle" }}
      role="status"
      aria-label={label}
    />
  );
}
