"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

/**
 * Previous/next links that keep every other search parameter of the current URL (filters, sort,
 * hidden columns), so filtered views stay shareable. `omit` drops one-off parameters (a notice).
 */
export function Pager({
  page,
  pageSize,
  total,
  omit = [],
}: {
  page: number;
  pageSize: number;
  total: number;
  omit?: readonly string[];
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const search = new URLSearchParams(searchParams.toString());
    for (const key of [...omit, "page"]) search.delete(key);
    if (p > 1) search.set("page", String(p));
    const qs = search.toString();
    return qs ? `${pathname}?${qs}` : pathname;
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
