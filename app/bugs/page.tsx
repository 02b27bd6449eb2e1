import type { Metadata } from "next";
import Link from "next/link";
import { RecordTable } from "@/components/tables/record-table";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { bugHref, withQuery } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { bugListSearchSchema } from "@/lib/schemas/dashboard";
import { listKnownBugs, listUnmatchedSignatures } from "@/lib/server/queries/bugs";

export const metadata: Metadata = { title: "Bugs" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

export default async function BugsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = bugListSearchSchema.parse(await searchParams);
  const [bugs, unmatched] = await Promise.all([listKnownBugs(), listUnmatchedSignatures(search.page, PAGE_SIZE)]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Bugs</h1>
          <p>
            {formatCount(bugs.length)} known bugs · {formatCount(unmatched.total)} unmatched signatures
          </p>
        </div>
      </div>
      <section className="panel" aria-labelledby="known-heading">
        <h2 id="known-heading">Known bugs</h2>
        {bugs.length === 0 ? (
          <EmptyState title="No known bugs">
            <p>
              The catalogue in <code>lib/kb/bugs</code> is synced at start-up; create bugs from unmatched signatures
              below.
            </p>
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <RecordTable
              caption="Known bugs"
              columns={[
                { id: "title", header: "Bug" },
                { id: "panics", header: "Panics", kind: "num" },
                { id: "hosts", header: "Hosts", kind: "num" },
                { id: "releases", header: "Releases affected" },
                { id: "first", header: "First seen", kind: "time" },
                { id: "last", header: "Last seen", kind: "time" },
                { id: "fixes", header: "Fixed in" },
              ]}
              rows={bugs.map((b) => ({
                key: b.id,
                title: { text: b.title, href: bugHref(b.id) },
                panics: b.panics,
                hosts: b.hosts,
                releases:
                  b.releases.length > 6
                    ? `${b.releases.slice(0, 6).join(", ")} +${b.releases.length - 6}`
                    : b.releases.join(", "),
                first: b.firstSeenAt?.toISOString() ?? null,
                last: b.lastSeenAt?.toISOString() ?? null,
                fixes: {
                  list: b.fixes.map((f) => ({ text: `${f.stream}: ${f.fixedIn}${f.isBackport ? " (z)" : ""}` })),
                  mono: true,
                },
              }))}
            />
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="unmatched-heading">
        <h2 id="unmatched-heading">Unmatched signatures</h2>
        <p className="muted">
          Crash groups no known bug matches. Create a known bug from one to name it, record its fix and move its panics
          under it.
        </p>
        {unmatched.rows.length === 0 ? (
          unmatched.total === 0 && bugs.every((b) => b.panics === 0) ? (
            <EmptyState title="No panics yet">
              <UploadHint />
            </EmptyState>
          ) : (
            <p>Every panic matches a known bug.</p>
          )
        ) : (
          <>
            <div className="table-scroll">
              <RecordTable
                caption="Unmatched signatures"
                columns={[
                  { id: "title", header: "Signature" },
                  { id: "panics", header: "Panics", kind: "num" },
                  { id: "hosts", header: "Hosts", kind: "num" },
                  { id: "kernels", header: "Recent kernels" },
                  { id: "first", header: "First seen", kind: "time" },
                  { id: "last", header: "Last seen", kind: "time" },
                  { id: "action", header: "Action" },
                ]}
                rows={unmatched.rows.map((s) => ({
                  key: String(s.id),
                  title: s.title,
                  panics: s.panics,
                  hosts: s.hosts,
                  kernels: {
                    list: [
                      ...s.kernels.map((k) => ({ text: k })),
                      ...(s.kernelCount > s.kernels.length
                        ? [{ text: `+${s.kernelCount - s.kernels.length} more` }]
                        : []),
                    ],
                    mono: true,
                  },
                  first: s.firstSeenAt.toISOString(),
                  last: s.lastSeenAt.toISOString(),
                  action: { text: "Create known bug", href: withQuery("/bugs/new", { signature: s.id }), nowrap: true },
                }))}
              />
            </div>
            <Pager basePath="/bugs" params={{}} page={search.page} pageSize={PAGE_SIZE} total={unmatched.total} />
          </>
        )}
      </section>
      <p className="muted">
        Hosts that still run a kernel without the fix are listed on <Link href="/updates">Updates</Link>.
      </p>
    </>
  );
}
