import { handle } from "@/lib/server/http/handle";
import { json } from "@/lib/server/http/response";
import { checkHealth } from "@/lib/server/queries/health";

export const dynamic = "force-dynamic";

// GET /api/health — 200 when the database is reachable and all migrations are applied, else 503 (the same report)
export const GET = handle({ access: "public" }, async () => {
  const health = await checkHealth();
  return json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
});
