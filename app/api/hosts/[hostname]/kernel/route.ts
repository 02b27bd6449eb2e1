import type { NextRequest } from "next/server";
import { hostnameSchema } from "@/lib/schemas/common";
import { kernelReportSchema } from "@/lib/schemas/inventory";
import { requireWriteAccess } from "@/lib/server/auth";
import { ApiError } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http";
import { reportHostKernel } from "@/lib/server/services/inventory";

// POST /api/hosts/{hostname}/kernel — a host reports its running kernel ({ kernelRelease, bootedAt? })
export const POST = handle(async (request: NextRequest, { params }: { params: Promise<{ hostname: string }> }) => {
  await requireWriteAccess(request);
  const hostname = hostnameSchema.parse(decodeURIComponent((await params).hostname));
  let body: unknown;
  try {
    body = await request.json();
  } catch (error) {
    throw new ApiError(400, "malformed_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
  return json(await reportHostKernel(hostname, kernelReportSchema.parse(body)), { status: 200 });
});
