import { requireWriteAccess } from "@/lib/server/auth";
import { readChangelogUpload } from "@/lib/server/http/changelog-upload";
import { handle } from "@/lib/server/http/handle";
import { json } from "@/lib/server/http/response";
import { getChangelogStatus, importChangelog } from "@/lib/server/services/changelogs";

// GET /api/changelogs — per stream: the newest build known, builds and entries, bundled and imported
export const GET = handle({ access: "read" }, async () => json({ streams: await getChangelogStatus() }));

// POST /api/changelogs — import a kernel changelog (text/plain, or JSON { text }), merged by build
export const POST = handle({ access: "write" }, async (request) => {
  // handle() has checked the token; asking again (a cached lookup) names who imported.
  const importedBy = await requireWriteAccess(request);
  const text = await readChangelogUpload(request);
  const { added, streams } = await importChangelog(text, { source: "api", importedBy });
  return json({ streams }, { status: added ? 201 : 200 });
});
