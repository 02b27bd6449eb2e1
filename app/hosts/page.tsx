import type { Metadata } from "next";
import Link from "next/link";
import { HostsTable } from "@/components/tables/hosts-table";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Pager } from "@/components/ui/pager";
import { hostsSearchSchema } from "@/lib/schemas/hosts";
import { listHosts } from "@/lib/server/queries/hosts";

export const metadata: Metadata = { title: "Hosts" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function HostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = hostsSearchSchema.parse(await searchParams);
  const { rows, total } = await listHosts({ q: search.q, page: search.page, pageSize: PAGE_SIZE });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Hosts</h1>
          <p>{formatCount(total)} hosts{search.q ? ` matching “${search.q}”` : ""}</p>
        </div>
        <form className="inline" role="search" action="/hosts">
          <label htmlFor="host-search" className="sr-only">
            Search hostnames
          </label>
          <input id="host-search" type="search" name="q" placeholder="Search hostname" defaultValue={search.q ?? ""} />
          <button type="submit">Search</button>
        </form>
      </div>
      <section className="panel" aria-label="Host list">
        {rows.length === 0 ? (
          search.q ? (
            <EmptyState title="No host matches">
              <p>
                Nothing matches “{search.q}”. <Link href="/hosts">Show all hosts</Link>
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No hosts yet">
              <UploadHint />
            </EmptyState>
          )
        ) : (
          <>
            <HostsTable
              rows={rows.map((r) => ({ ...r, lastPanicAt: r.lastPanicAt ? r.lastPanicAt.toISOString() : null }))}
            />
            <Pager basePath="/hosts" params={{ q: search.q }} page={search.page} pageSize={PAGE_SIZE} total={total} />
          </>
        )}
      </section>
    </>
  );
}
