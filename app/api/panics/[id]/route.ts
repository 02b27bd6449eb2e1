import type { NextRequest } from "next/server";
import { panicIdSchema } from "@/lib/schemas/common";
import { requireReadAccess } from "@/lib/server/auth";
import { ApiError } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http";
import { getPanic } from "@/lib/server/queries/panics";

// GET /api/panics/{id} — parsed fields and raw text (?format=raw: the raw text alone, as a download)
export const GET = handle(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  await requireReadAccess(request);
  const id = panicIdSchema.safeParse((await params).id);
  if (!id.success) throw new ApiError(404, "not_found", "No such panic");
  const panic = await getPanic(id.data);
  if (!panic) throw new ApiError(404, "not_found", "No such panic");
  if (new URL(request.url).searchParams.get("format") === "raw") {
    return new Response(panic.rawText, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="panic-${panic.id}.txt"`,
      },
    });
  }
  const { host, signature, knownBug, hostId: _hostId, signatureId: _signatureId, ...fields } = panic;
  return json({
    ...fields,
    url: `/panics/${panic.id}`,
    host: host.hostname,
    signature: signature
      ? { fingerprint: signature.fingerprint, title: signature.title, panicCount: signature.panicCount }
      : null,
    bug: knownBug,
  });
});
