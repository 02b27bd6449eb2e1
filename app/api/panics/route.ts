import type { NextRequest } from "next/server";
import { requireReadAccess, requireWriteAccess } from "@/lib/server/auth";
import { handle, json } from "@/lib/server/http";
import { listPanicsApi } from "@/lib/server/queries/panics";
import { parseUploadRequest } from "@/lib/server/services/upload-request";
import { ingestUploadItems, summarize } from "@/lib/server/services/upload";

// POST /api/panics — ingest crash summaries: text/plain (one), application/json ({ text } or { items }), multipart (one per file)
export const POST = handle(async (request: NextRequest) => {
  await requireWriteAccess(request);
  const upload = await parseUploadRequest(request);
  const results = await ingestUploadItems(upload.items);
  if (upload.batch) return json({ ...summarize(results), results }, { status: 200 });
  const [result] = results;
  if (!result) return json({ error: "internal_error", message: "no result" }, { status: 500 });
  if ("panic" in result) return json(result.panic, { status: 201, headers: { location: result.panic.url } });
  if ("duplicate" in result) return json({ duplicate: true, id: result.id, url: result.url }, { status: 200 });
  const { status, item: _item, ...error } = result;
  return json(error, { status });
});

// GET /api/panics — list panics (filters: host, bug, signature, kernel, since, until; cursor pagination)
export const GET = handle(async (request: NextRequest) => {
  await requireReadAccess(request);
  return json(await listPanicsApi(new URL(request.url).searchParams));
});
