import { updatesQuerySchema } from "@/lib/schemas/updates";
import { csvLine } from "@/lib/server/csv";
import { handle } from "@/lib/server/http/handle";
import { json } from "@/lib/server/http/response";
import { iterateHostsNeedingUpdate } from "@/lib/server/queries/updates";

export const dynamic = "force-dynamic";

const CSV_COLUMNS = [
  "hostname",
  "current_kernel",
  "rhel_release",
  "target_kernel",
  "open_bugs",
  "exposure_bugs",
  "blocker_bugs",
  "last_panic_at",
  "hardening_kernel",
];

// GET /api/hosts/needs-update — every host that needs a kernel update (JSON; CSV with ?format=csv or Accept: text/csv)
export const GET = handle({ access: "read" }, async (request) => {
  const url = new URL(request.url);
  const query = updatesQuerySchema.parse(Object.fromEntries(url.searchParams));
  const wantsCsv =
    url.searchParams.get("format") === "csv" || (request.headers.get("accept") ?? "").includes("text/csv");
  if (!wantsCsv) {
    const hosts = [];
    for await (const host of iterateHostsNeedingUpdate(query)) hosts.push(host);
    return json({ count: hosts.length, hosts });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
      for await (const h of iterateHostsNeedingUpdate(query)) {
        controller.enqueue(
          encoder.encode(
            csvLine([
              h.hostname,
              h.currentKernel,
              h.rhelRelease,
              h.targetKernel,
              h.openBugIds.join(" "),
              h.exposureBugIds.join(" "),
              h.blockerBugIds.join(" "),
              h.lastPanicAt,
              h.hardeningKernel,
            ]),
          ),
        );
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="hosts-needing-update.csv"',
    },
  });
});
