import { RecordTable } from "@/components/tables/record-table";
import { listChangelogStreams } from "@/lib/server/queries/changelogs";

/** The Kernel changelogs page's panel: one row per stream. */
export async function ChangelogStreams() {
  const streams = await listChangelogStreams();
  return (
    <RecordTable
      caption="Kernel changelogs per stream"
      columns={[
        { id: "stream", header: "Stream", pinned: true },
        { id: "newest", header: "Newest build", kind: "mono" },
        { id: "builds", header: "Builds", kind: "num" },
        { id: "entries", header: "Entries", kind: "num" },
        { id: "bundled", header: "Bundled builds", kind: "num" },
        { id: "imported", header: "Imported builds", kind: "num" },
        { id: "lastImport", header: "Last import", kind: "time" },
      ]}
      rows={streams.map((s) => ({
        key: s.stream,
        stream: s.stream,
        newest: s.newest,
        builds: s.builds,
        entries: s.entries,
        bundled: s.bundledBuilds,
        imported: s.importedBuilds,
        lastImport: s.lastImportAt?.toISOString() ?? null,
      }))}
    />
  );
}
