import Link from "next/link";
import { RecordTable, type Cell } from "@/components/tables/record-table";
import { AgentHint, EmptyState, UploadHint } from "@/components/ui/empty-state";
import { FilterActions } from "@/components/ui/filter-actions";
import { formatCount } from "@/components/ui/format";
import { KeptParams } from "@/components/ui/kept-params";
import { bugHref, hostHref, updatesHref } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { ReleaseSelect } from "@/components/ui/release-select";
import { fixStatusOf } from "@/lib/kb";
import { UPDATE_SORT_DIRS, type UpdatesPageSearch } from "@/lib/schemas/updates";
import { getKnownBug, listBugChoices } from "@/lib/server/queries/bugs";
import { listHostFilterOptions } from "@/lib/server/queries/hosts";
import { listHostsNeedingUpdate } from "@/lib/server/queries/updates";

/** The Updates page's panels. Each gets the page's one parsed `search`, so the list runs once (cache()). */

const UPDATES_PAGE_SIZE = 50;

const isFiltered = (search: UpdatesPageSearch) => Boolean(search.bug || search.release);

export async function UpdateCount({ search }: { search: UpdatesPageSearch }) {
  const { total } = await listHostsNeedingUpdate(search, UPDATES_PAGE_SIZE);
  return (
    <>
      {total === 1 ? "1 host needs" : `${formatCount(total)} hosts need`} a kernel update
      {isFiltered(search) ? " (filtered)" : ""}
    </>
  );
}

export async function UpdateFilters({ search }: { search: UpdatesPageSearch }) {
  const [bugs, options] = await Promise.all([listBugChoices(), listHostFilterOptions()]);
  return (
    <form className="filters" action={updatesHref()} aria-label="Filter hosts needing an update">
      <label>
        Bug
        <select name="bug" defaultValue={search.bug ?? ""}>
          <option value="">Any bug</option>
          {bugs.map((b) => (
            <option key={b.id} value={b.id}>
              {b.title.length > 70 ? `${b.title.slice(0, 69)}…` : b.title}
            </option>
          ))}
        </select>
      </label>
      <ReleaseSelect releases={options.releases} value={search.release} />
      {search.sort !== "lastPanic" ? <input type="hidden" name="sort" value={search.sort} /> : null}
      {search.dir ? <input type="hidden" name="dir" value={search.dir} /> : null}
      <KeptParams names={["hide"]} />
      <FilterActions filtered={isFiltered(search)} clearHref={updatesHref()} />
    </form>
  );
}

export async function UpdateTable({ search }: { search: UpdatesPageSearch }) {
  const [{ rows, total }, bugs, filterBug] = await Promise.all([
    listHostsNeedingUpdate(search, UPDATES_PAGE_SIZE),
    listBugChoices(),
    search.bug ? getKnownBug(search.bug) : null,
  ]);
  if (rows.length === 0) {
    return isFiltered(search) ? (
      <EmptyState title="No host matches">
        <p>
          No host with these filters needs an update. <Link href={updatesHref()}>Show all</Link>
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="No host needs a kernel update">
        <p>
          Every host runs a kernel with the fix of each known bug it panicked on — or no panic has been uploaded yet.
        </p>
        <UploadHint />
        <AgentHint />
      </EmptyState>
    );
  }
  const bugFix = (kernel: string | null) => {
    if (!filterBug?.definition || !kernel) return null;
    const fix = fixStatusOf(filterBug.definition, kernel);
    return fix.status === "affected" ? fix.minimalFix : fix.status === "fixed" ? "has the fix" : null;
  };
  const titles = new Map(bugs.map((b) => [b.id, b.title]));
  return (
    <>
      <RecordTable
        caption="Hosts that need a kernel update"
        scroll
        hideableColumns
        exportSelected={{ label: "Export selected hosts", filename: "hosts-to-update.csv" }}
        sort={{ column: search.sort, dir: search.dir ?? UPDATE_SORT_DIRS[search.sort], firstDir: UPDATE_SORT_DIRS }}
        columns={[
          { id: "hostname", header: "Host", pinned: true },
          { id: "current", header: "Current kernel", kind: "mono" },
          { id: "target", header: "Target kernel", kind: "mono" },
          ...(filterBug ? [{ id: "bugFix", header: "Fixes this bug", kind: "mono" as const }] : []),
          { id: "bugs", header: "Bugs" },
          { id: "lastPanic", header: "Last panic", kind: "time" },
        ]}
        rows={rows.map((r) => ({
          key: r.hostname,
          hostname: { text: r.hostname, href: hostHref(r.hostname), nowrap: true },
          current: r.currentKernel,
          target: r.targetKernel ?? (r.blockerBugIds.length ? "no fixed kernel known" : null),
          bugFix: bugFix(r.currentKernel),
          bugs: bugsCell(r.openBugIds, r.exposureBugIds, search.bug, titles, hostHref(r.hostname)),
          lastPanic: r.lastPanicAt?.toISOString() ?? null,
        }))}
      />
      <Pager page={search.page} pageSize={UPDATES_PAGE_SIZE} total={total} />
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
