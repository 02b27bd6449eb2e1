import { bestFixCell } from "@/components/fix-candidates";
import { RecordTable } from "@/components/tables/record-table";
import { EmptyState, UploadHint } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { bugHref, newBugHref } from "@/components/ui/links";
import { Pager } from "@/components/ui/pager";
import { listKnownBugs, listUnmatchedSignatures } from "@/lib/server/queries/bugs";
import { listBestFixesForSignatures } from "@/lib/server/queries/fixes";

/** The Bugs page's panels (the header's counts and the tables share their queries through cache()). */

const SIGNATURES_PAGE_SIZE = 25;

export async function BugCounts({ page }: { page: number }) {
  const [bugs, unmatched] = await Promise.all([listKnownBugs(), listUnmatchedSignatures(page, SIGNATURES_PAGE_SIZE)]);
  return `${formatCount(bugs.length)} known bugs · ${formatCount(unmatched.total)} unmatched signatures`;
}

export async function KnownBugs() {
  const bugs = await listKnownBugs();
  if (bugs.length === 0) {
    return (
      <EmptyState title="No known bugs">
        <p>
          The catalogue in <code>lib/kb/bugs</code> is synced at start-up; create bugs from unmatched signatures below.
        </p>
      </EmptyState>
    );
  }
  return (
    <RecordTable
      caption="Known bugs"
      scroll
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
  );
}

export async function UnmatchedSignatures({ page }: { page: number }) {
  const [unmatched, bugs] = await Promise.all([listUnmatchedSignatures(page, SIGNATURES_PAGE_SIZE), listKnownBugs()]);
  if (unmatched.rows.length === 0) {
    return unmatched.total === 0 && bugs.every((b) => b.panics === 0) ? (
      <EmptyState title="No panics yet">
        <UploadHint />
      </EmptyState>
    ) : (
      <p>Every panic matches a known bug.</p>
    );
  }
  const fixes = await listBestFixesForSignatures(unmatched.rows.map((s) => s.id));
  return (
    <>
      <RecordTable
        caption="Unmatched signatures"
        scroll
        columns={[
          { id: "title", header: "Signature" },
          { id: "panics", header: "Panics", kind: "num" },
          { id: "hosts", header: "Hosts", kind: "num" },
          { id: "kernels", header: "Recent kernels" },
          { id: "first", header: "First seen", kind: "time" },
          { id: "last", header: "Last seen", kind: "time" },
          { id: "fix", header: "Possible fix" },
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
              ...(s.kernelCount > s.kernels.length ? [{ text: `+${s.kernelCount - s.kernels.length} more` }] : []),
            ],
            mono: true,
          },
          first: s.firstSeenAt.toISOString(),
          last: s.lastSeenAt.toISOString(),
          fix: bestFixCell(fixes.get(s.id)),
          action: { text: "Create known bug", href: newBugHref(s.id), nowrap: true },
        }))}
      />
      <Pager page={page} pageSize={SIGNATURES_PAGE_SIZE} total={unmatched.total} />
    </>
  );
}
