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
