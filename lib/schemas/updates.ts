import { z } from "zod";
import { pageParamSchema } from "./common";

export const updatesQuerySchema = z.object({
  bug: z.string().trim().min(1).max(100).optional().catch(undefined),
  release: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/)
    .optional()
    .catch(undefined),
  page: pageParamSchema,
});

export type UpdatesQuery = z.infer<typeof updatesQuerySchema>;

export const UPDATE_SORTS = ["lastPanic", "hostname", "current", "target"] as const;

/** Each sortable column of the Updates table with the direction it sorts in first. */
export const UPDATE_SORT_DIRS: Record<(typeof UPDATE_SORTS)[number], "asc" | "desc"> = {
  lastPanic: "desc",
  hostname: "asc",
  current: "asc",
  target: "asc",
};

/** `/updates?bug=&release=&sort=&dir=&page=`: the API's filters plus the table's sort. */
export const updatesPageSearchSchema = updatesQuerySchema.extend({
  sort: z.enum(UPDATE_SORTS).catch("lastPanic"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});

export type UpdatesPageSearch = z.infer<typeof updatesPageSearchSchema>;
