import type { Metadata } from "next";
import Link from "next/link";
import { RecordTable, type RecordColumn } from "@/components/tables/record-table";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCountOf } from "@/components/ui/format";
import { bugHref, hostHref, withQuery } from "@/components/ui/links";
import { FilterActions } from "@/components/ui/filter-actions";
import { ReleaseSelect } from "@/components/ui/release-select";
import { Pager } from "@/components/ui/pager";
import { hostListSearchSchema, type HostListSearch } from "@/lib/schemas/dashboard";
import { getBugTitles, listHostFilterOptions, listHosts } from "@/lib/server/queries/hosts";

export const metadata: Metadata = { title: "Hosts" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const DEFAULT_DIR: Record<HostListSearch["sort"], "asc" | "desc"> = {
  lastPanic: "desc",
  hostname: "asc",
  panics: "desc",
  kernel: "asc",
  release: "desc",
};

export default async function HostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = hostListSearchSchema.parse(await searchParams);
  const [{ rows, total }, options] = await Promise.all([
    listHosts({ ...search, pageSize: PAGE_SIZE }),
    listHostFilterOptions(),
  ]);
  const titles = await getBugTitles(rows.map((r) => r.topBugId).filter((id): id is string => id !== null));
  const filters = {
    q: search.q,
    release: search.release,
    kernel: search.kernel,
    needsUpdate: search.needsUpdate,
    unmatched: search.unmatched,
  };
  const filtered = Object.values(filters).some(Boolean);
  const dir = search.dir ?? DEFAULT_DIR[search.sort];
  const sortColumn = (
    id: string,
    header: string,
    sort: HostListSearch["sort"],
    kind?: RecordColumn["kind"],
  ): RecordColumn => {
    const active = search.sort === sort;
    const nextDir = active ? (dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[sort];
    return {
      id,
      header,
      kind,
      sortHref: withQuery("/hosts", { ...filters, sort, dir: nextDir === DEFAULT_DIR[sort] ? undefined : nextDir }),
      sorted: active ? (dir === "asc" ? "ascending" : "descending") : undefined,
    };
  };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Hosts</h1>
          <p>
            {formatCountOf(total, "host")}
            {filtered ? (total === 1 ? " matches the filters" : " match the filters") : ""}
          </p>
        </div>
      </div>
      <section className="panel" aria-label="Host list">
        <form className="filters" role="search" action="/hosts" aria-label="Filter hosts">
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
            <input type="checkbox" name="needsUpdate" value="1" defaultChecked={search.needsUpdate === "1"} /> Needs
            update
          </label>
          <label className="check">
            <input type="checkbox" name="unmatched" value="1" defaultChecked={search.unmatched === "1"} /> Has unmatched
            panics
          </label>
          {search.sort !== "lastPanic" ? <input type="hidden" name="sort" value={search.sort} /> : null}
          {search.dir ? <input type="hidden" name="dir" value={search.dir} /> : null}
          <FilterActions filtered={filtered} clearHref="/hosts" />
        </form>
        {rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No host matches">
              <p>
                No host matches these filters. <Link href="/hosts">Show all hosts</Link>
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No hosts yet">
              <UploadHint />
            </EmptyState>
          )
        ) : (
          <>
            <div className="table-scroll">
              <RecordTable
                caption="Hosts"
                columns={[
                  sortColumn("hostname", "Hostname", "hostname"),
                  sortColumn("kernel", "Current kernel", "kernel", "mono"),
                  sortColumn("release", "RHEL", "release"),
                  { id: "panics30d", header: "Panics 30 d", kind: "num" },
                  sortColumn("panics", "Panics", "panics", "num"),
                  sortColumn("lastPanic", "Last panic", "lastPanic", "time"),
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
            </div>
            <Pager
              basePath="/hosts"
              params={{ ...filters, sort: search.sort === "lastPanic" ? undefined : search.sort, dir: search.dir }}
              page={search.page}
              pageSize={PAGE_SIZE}
              total={total}
            />
          </>
        )}
      </section>
    </>
  );
}

function shorten(text: string, max = 34): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
