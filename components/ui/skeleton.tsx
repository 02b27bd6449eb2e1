/** A placeholder of the panel's final height, so the page does not shift when the panel streams in. */
export function Skeleton({ height, label = "Loading" }: { height: number; label?: string }) {
  return <div className="skeleton" style={{ height }} role="status" aria-label={label} />;
}
