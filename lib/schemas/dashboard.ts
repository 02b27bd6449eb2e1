import { z } from "zod";
import { pageParamSchema } from "./common";

/** A single-valued search parameter: the first when repeated, undefined when empty or malformed. */
const text = (max: number) =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().min(1).max(max).optional()).catch(undefined);

const flag = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.enum(["1"]).optional()).catch(undefined);

export type SortDir = "asc" | "desc";

export const HOST_SORTS = ["lastPanic", "hostname", "panics", "kernel", "release"] as const;

/** Each sortable column of the Hosts table with the direction it sorts in first (`?dir=` overrides it). */
export const HOST_SORT_DIRS: Record<(typeof HOST_SORTS)[number], SortDir> = {
  lastPanic: "desc",
  hostname: "asc",
  panics: "desc",
  kernel: "asc",
  release: "desc",
};

/** `/hosts?q=&release=&kernel=&needsUpdate=1&unmatched=1&sort=&dir=&page=` */
export const hostListSearchSchema = z.object({
  q: text(253),
  release: z
    .preprocess(
      (v) => (Array.isArray(v) ? v[0] : v),
      z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .optional(),
    )
    .catch(undefined),
  kernel: text(200),
  needsUpdate: flag,
  unmatched: flag,
  sort: z.enum(HOST_SORTS).catch("lastPanic"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: pageParamSchema,
});

export type HostListSearch = z.infer<typeof hostListSearchSchema>;

/** `/bugs?page=` pages the unmatched signatures; known bugs are few and listed whole. */
export const bugListSearchSchema = z.object({ page: pageParamSchema });

/** `/bugs/[id]?page=` pages the affected hosts. */
export const bugPageSearchSchema = z.object({ page: pageParamSchema });
