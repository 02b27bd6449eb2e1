import { z } from "zod";
import { panicIdSchema } from "@/lib/schemas/common";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http/handle";
import { json } from "@/lib/server/http/response";
import { getPanic } from "@/lib/server/queries/panics";

/** Lines one ?format=raw&from=&to= answer holds at most. */
const MAX_RANGE_LINES = 10_000;

const rawRangeSchema = z.object({
  from: z.coerce.number().int().min(1).default(1),
  to: z.coerce.number().int().min(1).optional(),
});

// GET /api/panics/{id} — parsed fields and raw text (?format=raw: the raw text alone, as a download;
// with &from=&to=, 1-based lines inclusive, those lines shown inline: the panic page's hidden stretches)
export const GET = handle<{ id: string }>({ access: "read" }, async (request, { params }) => {
  const id = panicIdSchema.safeParse(params.id);
  const panic = id.success ? await getPanic(id.data) : null;
  if (!panic) throw new AppError("not_found", "No such panic");
  const query = new URL(request.url).searchParams;
  if (query.get("format") === "raw" && (query.has("from") || query.has("to"))) {
    const range = rawRangeSchema.parse(Object.fromEntries(query));
    const lines = panic.rawText.split("\n");
    const to = Math.min(range.to ?? lines.length, range.from + MAX_RANGE_LINES - 1);
    return new Response(lines.slice(range.from - 1, to).join("\n"), {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "x-panicboard-lines": `${range.from}-${to}/${lines.length}`,
      },
    });
  }
  if (query.get("format") === "raw") {
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
