import Link from "next/link";

/** Previous/next links that keep every other search parameter, so filtered views stay shareable. */
export function Pager({
  basePath,
  params,
  page,
  pageSize,
  total,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  total: number;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    if (p > 1) search.set("page", String(p));
    const qs = search.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  return (
    <nav className="pager" aria-label="Pagination">
      <span>
        Page {Math.min(page, pages)} of {pages}
      </span>
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : null}
      {page < pages ? <Link href={href(page + 1)}>Next →</Link> : null}
    </nav>
  );
}
