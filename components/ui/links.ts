/** URLs of the dashboard's pages (and the API downloads it links to), in one place. */
type QueryValue = string | number | undefined | null;

/** A path with the non-empty parameters as its query string. */
function withQuery(path: string, params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export const overviewHref = () => "/";
export const uploadHref = () => "/upload";
const releasesHref = () => "/releases";
const changelogsHref = () => "/changelogs";

export const hostsHref = (params: Record<string, QueryValue> = {}) => withQuery("/hosts", params);
export const hostHref = (hostname: string) => `/hosts/${encodeURIComponent(hostname)}`;

export const bugsHref = () => "/bugs";
/** The Bugs page scrolled to its unmatched signatures. */
export const unmatchedSignaturesHref = () => "/bugs#unmatched-heading";
export const bugHref = (id: string, params: Record<string, QueryValue> = {}) =>
  withQuery(`/bugs/${encodeURIComponent(id)}`, params);
export const newBugHref = (signatureId: number | string) => withQuery("/bugs/new", { signature: signatureId });
/** Create a known bug from a fix finder candidate (`key`: lib/kb's fixCandidateKey), prefilled. */
export const newBugFromFixHref = (signatureId: number | string, panicId: string | bigint, build: string, key: string) =>
  withQuery("/bugs/new", { signature: signatureId, fix: `${panicId}:${build}:${key}` });

export const updatesHref = (params: Record<string, QueryValue> = {}) => withQuery("/updates", params);
/** Every host needing an update as CSV, from GET /api/hosts/needs-update. */
export const updatesCsvHref = (params: { bug?: string; release?: string }) =>
  withQuery("/api/hosts/needs-update", { format: "csv", ...params });

export const panicHref = (id: string | bigint) => `/panics/${id}`;
/** The panic page scrolled to its "Possible fixes" panel. */
export const panicFixesHref = (id: string | bigint) => `/panics/${id}#fixes-heading`;
/** The panic's stored text as a download, from GET /api/panics/{id}. */
export const panicRawHref = (id: string | bigint) => `/api/panics/${id}?format=raw`;

/** The pages of the top navigation, in order. */
export const NAV_LINKS = [
  { href: overviewHref(), label: "Overview" },
  { href: hostsHref(), label: "Hosts" },
  { href: bugsHref(), label: "Bugs" },
  { href: releasesHref(), label: "Releases" },
  { href: updatesHref(), label: "Updates" },
  { href: changelogsHref(), label: "Changelogs" },
  { href: uploadHref(), label: "Upload" },
] as const;
