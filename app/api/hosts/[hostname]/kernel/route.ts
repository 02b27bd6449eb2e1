import { hostnameSchema, decodeRouteParam } from "@/lib/schemas/common";
import { kernelReportSchema } from "@/lib/schemas/inventory";
import { handle } from "@/lib/server/http/handle";
import { readJsonBody } from "@/lib/server/http/request-body";
import { json } from "@/lib/server/http/response";
import { reportHostKernel } from "@/lib/server/services/inventory";

// POST /api/hosts/{hostname}/kernel — a host reports its running kernel ({ kernelRelease, bootedAt? })
export const POST = handle<{ hostname: string }>({ access: "write" }, async (request, { params }) => {
  const hostname = hostnameSchema.parse(decodeRouteParam(params.hostname));
  const body = await readJsonBody(request, 64 * 1024);
  return json(await reportHostKernel(hostname, kernelReportSchema.parse(body)), { status: 200 });
});
