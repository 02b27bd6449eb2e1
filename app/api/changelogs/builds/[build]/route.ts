import { decodeRouteParam } from "@/lib/schemas/common";
import { changelogBuildParamSchema } from "@/lib/schemas/changelogs";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http/handle";
import { json } from "@/lib/server/http/response";
import { findChangelogBuild } from "@/lib/server/services/changelogs";

// GET /api/changelogs/builds/{build} — 200 when the build's changelog is known (bundled or imported), else 404
export const GET = handle<{ build: string }>({ access: "read" }, async (_request, { params }) => {
  const build = changelogBuildParamSchema.parse(decodeRouteParam(params.build));
  const found = await findChangelogBuild(build);
  if (!found) throw new AppError("not_found", `No changelog of ${build} yet: POST it to /api/changelogs`);
  return json(found);
});
