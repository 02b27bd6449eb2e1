import { z } from "zod";

/** Streams the create-bug form offers a fixed-in field for. */
export const FORM_STREAMS = ["el6", "el7", "el8", "el9", "el10", "upstream"] as const;

const optionalKernel = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9_.+~^-]*$/, "write a kernel version-release such as 2.6.32-431.el6")
  .transform((s) => s || undefined);

const KERNEL_RE = /^[A-Za-z0-9_.+~^-]+$/;

/** Z-stream kernels that carry the fix, of any stream: one per line (or separated by spaces or commas). */
const backportList = z
  .string()
  .max(10_000)
  .default("")
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .max(100)
          .regex(KERNEL_RE, "write each z-stream kernel as a version-release such as 2.6.32-358.14.1.el6"),
      )
      .max(100),
  );

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
  backports: backportList,
  fixedIn: z.object(
    Object.fromEntries(FORM_STREAMS.map((s) => [s, optionalKernel])) as Record<
      (typeof FORM_STREAMS)[number],
      typeof optionalKernel
    >,
  ),
});

export type KnownBugForm = z.infer<typeof knownBugFormSchema>;

/**
 * `fix=<panicId>:<build>:<key>` on /bugs/new: the fix finder candidate to prefill the form from
 * (the key is lib/kb's fixCandidateKey: a Bugzilla id, Jira key, CVE or summary hash).
 */
const fixRefSchema = z
  .string()
  .max(200)
  .regex(/^[1-9][0-9]{0,18}:[A-Za-z0-9_.+~^-]{1,100}:[A-Za-z0-9._-]{1,40}$/)
  .transform((s) => {
    const [panicId = "", build = "", key = ""] = s.split(":");
    return { panicId: BigInt(panicId), build, key };
  })
  .refine((ref) => ref.panicId <= 9223372036854775807n, "panic id is out of range");

export type FixRef = z.output<typeof fixRefSchema>;

/** `/bugs/new?signature=ID&fix=...`: a malformed `fix` reads as absent (the form is then not prefilled). */
export const newBugSearchSchema = z.object({
  signature: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(1).max(2_147_483_647)),
  fix: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), fixRefSchema.optional()).catch(undefined),
});
