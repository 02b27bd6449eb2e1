import { z } from "zod";
import { pageParamSchema } from "./common";

export const hostsSearchSchema = z.object({
  q: z.string().trim().max(253).optional().catch(undefined),
  page: pageParamSchema,
});

export type HostsSearch = z.infer<typeof hostsSearchSchema>;
