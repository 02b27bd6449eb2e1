import { z } from "zod";
import { eventTimeSchema } from "./common";

/** POST /api/hosts/{hostname}/kernel: a host reports the kernel it runs, without a panic. */
export const kernelReportSchema = z.object({
  kernelRelease: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.+~^-]+$/, "kernelRelease must look like `uname -r`"),
  bootedAt: eventTimeSchema.optional(),
});

export type KernelReport = z.infer<typeof kernelReportSchema>;
