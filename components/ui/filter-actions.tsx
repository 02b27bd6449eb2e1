import Link from "next/link";

/** The Apply button of a filter form, and a Clear link back to the unfiltered page while a filter is set. */
export function FilterActions({ filtered, clearHref }: { filtered: boolean; clearHref: string }) {
  return (
    <div className="actions">
      <button type="submit">Apply</button>
      {filtered ? (
        <Link className="button secondary" href={clearHref}>
          Clear
        </Link>
      ) : null}
    </div>
  );
}
