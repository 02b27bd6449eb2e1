import type { NextRequest } from "next/server";
import { panicUploadSchema } from "@/lib/schemas/panics";
import { requireWriteAccess } from "@/lib/server/auth";
import { ApiError } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http";
import { ingestPanic } from "@/lib/server/services/ingest";

// POST /api/panics — ingest one crash summary (text/plain; the host from ?host= or the text's NODENAME)
export const POST = handle(async (request: NextRequest) => {
  await requireWriteAccess(request);
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("text/plain")) {
    throw new ApiError(415, "unsupported_media_type", "Send the crash summary as text/plain");
  }
  const url = new URL(request.url);
  const upload = panicUploadSchema.parse({
    text: await request.text(),
    hostname: url.searchParams.get("host") ?? undefined,
    kernelRelease: url.searchParams.get("kernel") ?? undefined,
    source: url.searchParams.get("source") ?? undefined,
  });
  const outcome = await ingestPanic(upload);
  if (outcome.status === "duplicate") return json({ duplicate: true, id: outcome.id, url: outcome.url }, { status: 200 });
  return json(outcome.panic, { status: 201, headers: { location: outcome.panic.url } });
});
