import { json } from "@/lib/server/http";
import { checkHealth } from "@/lib/server/queries/health";

export const dynamic = "force-dynamic";

// GET /api/health — 200 when the database is reachable and all migrations are applied, else 503
export async function GET() {
  const health = await checkHealth();
  return json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
