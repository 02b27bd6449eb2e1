import { panicIdSchema } from "@/lib/schemas/common";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http/handle";
import { json } from "@/lib/server/http/response";
import { getPanic } from "@/lib/server/queries/panics";

// GET /api/panics/{id} — parsed fields and raw text (?format=raw: the raw text alone, as a download)
export const GET = handle<{ id: string }>({ access: "read" }, async (request, { params }) => {
  const id = panicIdSchema.safeParse(params.id);
  const panic = id.success ? await getPanic(id.data) : null;
  if (!panic) throw new AppError("not_found", "No such panic");
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
