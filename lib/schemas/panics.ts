import { z } from "zod";
import { eventTimeSchema, hostnameSchema, isWellFormedText } from "./common";

const PANIC_SOURCES = ["api", "cli", "agent", "ui"] as const;

/** One crash summary as the API receives it (JSON body, one item of a batch, or text/plain + query). */
export const panicUploadSchema = z.object({
  text: z
    .string()
    .min(1, "text is empty")
    .refine(isWellFormedText, "text contains a lone UTF-16 surrogate (\\uD800-\\uDFFF): it is not valid Unicode"),
  hostname: hostnameSchema.optional(),
  kernelRelease: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.+~^-]+$/, "kernelRelease must look like `uname -r`")
    .optional(),
  crashTime: eventTimeSchema.optional(),
  source: z.enum(PANIC_SOURCES).default("api"),
});

export type PanicUpload = z.infer<typeof panicUploadSchema>;
export type PanicUploadInput = z.input<typeof panicUploadSchema>;
