import Link from "next/link";
import { RecordTable } from "@/components/tables/record-table";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { FilterActions } from "@/components/ui/filter-actions";
import { formatCountOf } from "@/components/ui/format";
import { KeptParams } from "@/components/ui/kept-params";
import { bugHref, hostHref, hostsHref } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { ReleaseSelect } from "@/components/ui/release-select";
import { HOST_SORT_DIRS, type HostListSearch } from "@/lib/schemas/dashboard";
import { getBugTitles, listHostFilterOptions, listHosts } from "@/lib/server/queries/hosts";

/** The Hosts page's panels. Each gets the page's one parsed `search`, so listHosts runs once (cache()). */

const HOSTS_PAGE_SIZE = 50;

const isFiltered = (search: HostListSearch) =>
  Boolean(search.q || search.release || search.kernel || search.needsUpdate || search.unmatched);

export async function HostCount({ search }: { search: HostListSearch }) {
  const { total } = await listHosts(search, HOSTS_PAGE_SIZE);
  const suffix = isFiltered(search) ? (total === 1 ? " matches the filters" : " match the filters") : "";
  return `${formatCountOf(total, "host")}${suffix}`;
}

export async function HostFilters({ search }: { search: HostListSearch }) {
  const options = await listHostFilterOptions();
  return (
    <form className="filters" role="search" action={hostsHref()} aria-label="Filter hosts">
      <label>
        Hostname
        <input type="search" name="q" placeholder="Search hostname" defaultValue={search.q ?? ""} />
      </label>
      <ReleaseSelect releases={options.releases} value={search.release} />
      <label>
        Current kernel
        <input
          type="text"
          name="kernel"
          list="kernel-options"
          placeholder="e.g. 2.6.32-279.el6.x86_64"
          defaultValue={search.kernel ?? ""}
          size={30}
        />
        <datalist id="kernel-options">
          {options.kernels.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
      </label>
      <label className="check">
        <input type="checkbox" name="needsUpdate" value="1" defaultChecked={search.needsUpdate === "1"} /> Needs update
      </label>
      <label className="check">
        <input type="checkbox" name="unmatched" value="1" defaultChecked={search.unmatched === "1"} /> Has unmatched
        panics
      </label>
      {search.sort !== "lastPanic" ? <input type="hidden" name="sort" value={search.sort} /> : null}
      {search.dir ? <input type="hidden" name="dir" value={search.dir} /> : null}
      <KeptParams names={["hide"]} />
      <FilterActions filtered={isFiltered(search)} clearHref={hostsHref()} />
    </form>
  );
}

export async function HostTable({ search }: { search: HostListSearch }) {
  const { rows, total } = await listHosts(search, HOSTS_PAGE_SIZE);
  if (rows.length === 0) {
    return isFiltered(search) ? (
      <EmptyState title="No host matches">
        <p>
          No host matches these filters. <Link href={hostsHref()}>Show all hosts</Link>
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="No hosts yet">
        <UploadHint />
      </EmptyState>
    );
  }
  const titles = await getBugTitles(rows.map((r) => r.topBugId).filter((id): id is string => id !== null));
  return (
    <>
      <RecordTable
        caption="Hosts"
        scroll
        hideableColumns
        exportSelected={{ label: "Export selected hosts", filename: "hosts.csv" }}
        sort={{ column: search.sort, dir: search.dir ?? HOST_SORT_DIRS[search.sort], firstDir: HOST_SORT_DIRS }}
        columns={[
          { id: "hostname", header: "Hostname", pinned: true },
          { id: "kernel", header: "Current kernel", kind: "mono" },
          { id: "release", header: "RHEL" },
          { id: "panics30d", header: "Panics 30 d", kind: "num" },
          { id: "panics", header: "Panics", kind: "num" },
          { id: "lastPanic", header: "Last panic", kind: "time" },
          { id: "topBug", header: "Top bug" },
          { id: "update", header: "Update" },
        ]}
        rows={rows.map((r) => ({
          key: r.hostname,
          hostname: { text: r.hostname, href: hostHref(r.hostname), nowrap: true },
          kernel: r.currentKernel,
          release: r.rhelRelease,
          panics30d: r.panics30d,
          panics: r.panicCount,
          lastPanic: r.lastPanicAt?.toISOString() ?? null,
          topBug: r.topBugId
            ? { text: shorten(titles.get(r.topBugId) ?? r.topBugId), href: bugHref(r.topBugId) }
            : null,
          update: r.needsUpdate
            ? { badge: r.targetKernel ? `needs ${r.targetKernel}` : "needs update", tone: "danger" }
            : { badge: "up to date", tone: "ok" },
        }))}
      />
      <Pager page={search.page} pageSize={HOSTS_PAGE_SIZE} total={total} />
    </>
  );
}

function shorten(text: string, max = 34): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
