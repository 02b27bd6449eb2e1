import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { handle } from "@/lib/server/http/handle";

export const dynamic = "force-dynamic";

let checksum: string | undefined;

// GET /panicboard-report.sh.sha256 — the agent's sha256 in `sha256sum -c` form, computed from the file served beside it
export const GET = handle({ access: "public" }, async () => {
  checksum ??= createHash("sha256")
    .update(readFileSync(join(process.cwd(), "public", "panicboard-report.sh")))
    .digest("hex");
  return new Response(`${checksum}  panicboard-report.sh\n`, {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" },
  });
});
