import { z } from "zod";

/** Streams the create-bug form offers a fixed-in field for. */
export const FORM_STREAMS = ["el6", "el7", "el8", "el9", "el10", "upstream"] as const;

const optionalKernel = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9_.+~^-]*$/, "write a kernel version-release such as 2.6.32-431.el6")
  .transform((s) => s || undefined);

/** The "Create known bug" form on /bugs/new, as submitted. */
export const knownBugFormSchema = z.object({
  signatureId: z.coerce.number().int().min(1),
  id: z
    .string()
    .trim()
    .max(100)
    .regex(
      /^([A-Za-z0-9][A-Za-z0-9._-]*)?$/,
      "letters, digits, dot, dash and underscore, starting with a letter or digit",
    )
    .transform((s) => s || undefined),
  title: z.string().trim().min(1, "a title is required").max(300),
  description: z.string().trim().min(1, "a description is required").max(20_000),
  /** One URL per line. */
  references: z
    .string()
    .max(10_000)
    .transform((s) =>
      s
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.url({ protocol: /^https?$/, error: "each reference must be an http:// or https:// URL (one per line)" }),
        )
        .max(50),
    ),
  fixedIn: z.object(
    Object.fromEntries(FORM_STREAMS.map((s) => [s, optionalKernel])) as Record<
      (typeof FORM_STREAMS)[number],
      typeof optionalKernel
    >,
  ),
});

export type KnownBugForm = z.infer<typeof knownBugFormSchema>;
