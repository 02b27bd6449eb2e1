import type { NextRequest } from "next/server";
import { hostnameSchema, decodeRouteParam } from "@/lib/schemas/common";
import { kernelReportSchema } from "@/lib/schemas/inventory";
import { requireWriteAccess } from "@/lib/server/auth";
import { handle, json } from "@/lib/server/http";
import { reportHostKernel } from "@/lib/server/services/inventory";
import { readJsonBody } from "@/lib/server/services/upload-request";

// POST /api/hosts/{hostname}/kernel — a host reports its running kernel ({ kernelRelease, bootedAt? })
export const POST = handle(async (request: NextRequest, { params }: { params: Promise<{ hostname: string }> }) => {
  await requireWriteAccess(request);
  const hostname = hostnameSchema.parse(decodeRouteParam((await params).hostname));
  const body = await readJsonBody(request, 64 * 1024);
  return json(await reportHostKernel(hostname, kernelReportSchema.parse(body)), { status: 200 });
});
