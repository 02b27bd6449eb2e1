/** URLs of the dashboard's pages, in one place. */
export const hostHref = (hostname: string) => `/hosts/${encodeURIComponent(hostname)}`;
export const bugHref = (id: string) => `/bugs/${encodeURIComponent(id)}`;
export const panicHref = (id: string | bigint) => `/panics/${id}`;

/** A path with the non-empty parameters as its query string. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
