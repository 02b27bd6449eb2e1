import type { Metadata } from "next";
import Link from "next/link";
import { RecordTable, type Cell } from "@/components/tables/record-table";
import { AgentHint, EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { bugHref, hostHref, withQuery } from "@/components/ui/links";
import { FilterActions } from "@/components/ui/filter-actions";
import { ReleaseSelect } from "@/components/ui/release-select";
import { Pager } from "@/components/ui/pager";
import { updatesQuerySchema } from "@/lib/schemas/updates";
import { fixStatusOf } from "@/lib/kb";
import { getKnownBug, listBugChoices } from "@/lib/server/queries/bugs";
import { listHostFilterOptions } from "@/lib/server/queries/hosts";
import { listHostsNeedingUpdate } from "@/lib/server/queries/updates";

export const metadata: Metadata = { title: "Updates" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function UpdatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = updatesQuerySchema.parse(await searchParams);
  const [{ rows, total }, bugs, options, filterBug] = await Promise.all([
    listHostsNeedingUpdate(query, PAGE_SIZE),
    listBugChoices(),
    listHostFilterOptions(),
    query.bug ? getKnownBug(query.bug) : null,
  ]);
  const bugFix = (kernel: string | null) => {
    if (!filterBug?.definition || !kernel) return null;
    const fix = fixStatusOf(filterBug.definition, kernel);
    return fix.status === "affected" ? fix.minimalFix : fix.status === "fixed" ? "has the fix" : null;
  };
  const titles = new Map(bugs.map((b) => [b.id, b.title]));
  const filtered = Boolean(query.bug || query.release);
  const csv = withQuery("/api/hosts/needs-update", { format: "csv", bug: query.bug, release: query.release });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Updates</h1>
          <p>
            {total === 1 ? "1 host needs" : `${formatCount(total)} hosts need`} a kernel update
            {filtered ? " (filtered)" : ""}: they panicked on a known bug that their kernel lacks the fix for; the
            target is the smallest kernel of their stream that fixes every known bug they panicked on.
          </p>
        </div>
        <a className="button secondary" href={csv} download>
          Export CSV
        </a>
      </div>
      <section className="panel" aria-label="Hosts needing an update">
        <form className="filters" action="/updates" aria-label="Filter hosts needing an update">
          <label>
            Bug
            <select name="bug" defaultValue={query.bug ?? ""}>
              <option value="">Any bug</option>
              {bugs.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title.length > 70 ? `${b.title.slice(0, 69)}…` : b.title}
                </option>
              ))}
            </select>
          </label>
          <ReleaseSelect releases={options.releases} value={query.release} />
          <FilterActions filtered={filtered} clearHref="/updates" />
        </form>
        {rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No host matches">
              <p>
                No host with these filters needs an update. <Link href="/updates">Show all</Link>
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No host needs a kernel update">
              <p>
                Every host runs a kernel with the fix of each known bug it panicked on — or no panic has been uploaded
                yet.
              </p>
              <UploadHint />
              <AgentHint />
            </EmptyState>
          )
        ) : (
          <>
            <div className="table-scroll">
              <RecordTable
                caption="Hosts that need a kernel update"
                columns={[
                  { id: "host", header: "Host" },
                  { id: "current", header: "Current kernel", kind: "mono" },
                  { id: "target", header: "Target kernel", kind: "mono" },
                  ...(filterBug ? [{ id: "bugFix", header: "Fixes this bug", kind: "mono" as const }] : []),
                  { id: "bugs", header: "Bugs" },
                  { id: "last", header: "Last panic", kind: "time" },
                ]}
                rows={rows.map((r) => ({
                  key: r.hostname,
                  host: { text: r.hostname, href: hostHref(r.hostname), nowrap: true },
                  current: r.currentKernel,
                  target: r.targetKernel ?? (r.blockerBugIds.length ? "no fixed kernel known" : null),
                  bugFix: bugFix(r.currentKernel),
                  bugs: bugsCell(r.openBugIds, r.exposureBugIds, query.bug, titles, hostHref(r.hostname)),
                  last: r.lastPanicAt?.toISOString() ?? null,
                }))}
              />
            </div>
            <Pager
              basePath="/updates"
              params={{ bug: query.bug, release: query.release }}
              page={query.page}
              pageSize={PAGE_SIZE}
              total={total}
            />
          </>
        )}
      </section>
    </>
  );
}

/** The bugs a host panicked on by title; the bugs it is only exposed to as a count (the host page lists them). */
function bugsCell(
  open: string[],
  exposure: string[],
  filter: string | undefined,
  titles: Map<string, string>,
  hostPage: string,
): Cell {
  const shown = [...open, ...(filter && exposure.includes(filter) && !open.includes(filter) ? [filter] : [])];
  const list: { text: string; href?: string }[] = shown.map((id) => ({
    text: `${open.includes(id) ? "" : "exposed: "}${shorten(titles.get(id) ?? id)}`,
    href: bugHref(id),
  }));
  const more = exposure.filter((id) => !shown.includes(id)).length;
  if (more)
    list.push({
      text: `${open.length ? "+ " : ""}exposed to ${more} known bug${more === 1 ? "" : "s"}`,
      href: hostPage,
    });
  return { list };
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
