import { handle } from "@/lib/server/http/handle";
import { panicUploadResponse, parsePanicUpload } from "@/lib/server/http/panic-upload";
import { json } from "@/lib/server/http/response";
import { listPanicsApi } from "@/lib/server/queries/panics";
import { ingestUploadItems } from "@/lib/server/services/upload";

// POST /api/panics — ingest crash summaries: text/plain (one), application/json ({ text } or { items }), multipart (one per file)
export const POST = handle({ access: "write" }, async (request) => {
  const upload = await parsePanicUpload(request);
  return panicUploadResponse(upload, await ingestUploadItems(upload.items));
});

// GET /api/panics — list panics (filters: host, bug, signature, kernel, since, until; cursor pagination)
export const GET = handle({ access: "read" }, async (request) => {
  return json(await listPanicsApi(new URL(request.url).searchParams));
});
