/**
 * The known-bug catalogue's schema. One bug per file in ./bugs (reviewable in pull requests);
 * bugs created at run time go through the same schema before they reach the database.
 */

import { z } from "zod";
import { FUNCTION_NAME_RE } from "../crash/stack-params";
import { CRASH_KINDS } from "../crash/types";
import { parseKernelRelease } from "../kernel/release";

/** Fixed-in lines a bug can carry: RHEL majors (and their rebuilds) and mainline. */
export const KB_STREAMS = ["el5", "el6", "el7", "el8", "el9", "el10", "upstream"] as const;
export type KbStream = (typeof KB_STREAMS)[number];

/**
 * How well the catalogue entry is sourced, as a whole:
 * `confirmed`: match signature and fixed-in seen in the cited sources;
 * `partial`: fixed-in confirmed, match signature partly derived (e.g. function from a changelog title);
 * `unconfirmed`: the signature is not backed by a captured oops; shown as such in the UI.
 */
export const BUG_CONFIDENCES = ["confirmed", "partial", "unconfirmed"] as const;
export type BugConfidence = (typeof BUG_CONFIDENCES)[number];

const regexSource = z
  .string()
  .min(1)
  .refine(
    (source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    },
    { message: "not a valid regular expression" },
  );

/**
 * A link a page renders: http or https only. A `javascript:` or `data:` URL in a reference would run
 * in the dashboard's origin when clicked; stored definitions are read through this schema too, so a
 * bad one never reaches a page as a link.
 */
const webUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });

export const referenceSchema = z.strictObject({
  kind: z.enum([
    "upstream-fix",
    "introduced-by",
    "errata",
    "bugzilla",
    "distribution-bug",
    "changelog",
    "advisory",
    "source",
    "article",
  ]),
  /** Commit id, advisory id, bug number. */
  id: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  url: webUrlSchema.nullable(),
  confidence: z.enum(BUG_CONFIDENCES),
  note: z.string().min(1).optional(),
});

/**
 * A rule matches when every condition it states holds. Conditions: crash kind, a title regex,
 * a panic-message regex, the guilty or RIP function, call-trace functions in order (top of stack first).
 */
export const matchRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    description: z.string().min(1),
    /** 0..1; scaled by the bug's own confidence when matching. */
    confidence: z.number().min(0).max(1),
    kinds: z.array(z.enum(CRASH_KINDS)).min(1).optional(),
    titlePattern: regexSource.optional(),
    messagePattern: regexSource.optional(),
    functions: z.array(z.string().regex(FUNCTION_NAME_RE)).min(1).optional(),
    callTrace: z.array(z.string().regex(FUNCTION_NAME_RE)).min(1).optional(),
  })
  .refine((rule) => rule.titlePattern || rule.messagePattern || rule.functions || rule.callTrace, {
    message: "a rule needs a title pattern, a message pattern, functions or a call trace",
  });

const kernelString = z.string().min(1);

export const streamFixSchema = z.strictObject({
  /** First kernel of the stream's main line that has the fix (`2.6.32-431.el6`, upstream `2.6.37`); null: no fix in this stream. */
  fixedIn: kernelString.nullable(),
  /** Z-stream kernels that carry the fix: any later kernel of the same build (358.x >= 358.28.1) has it. */
  backports: z.array(kernelString).default([]),
  /** Earliest affected kernel, when known; older kernels are not exposed. */
  firstAffected: kernelString.nullable().default(null),
  errata: z.array(z.string().min(1)).default([]),
  confidence: z.enum(BUG_CONFIDENCES),
  note: z.string().min(1).optional(),
});

function checkStreamKernel(stream: KbStream, kernel: string): string | null {
  const parsed = parseKernelRelease(kernel);
  if (!parsed.valid) return `'${kernel}': ${parsed.reason}`;
  if (parsed.stream !== stream) return `'${kernel}' is not a ${stream} kernel`;
  if (parsed.arch) return `'${kernel}': write version-release without the arch`;
  return null;
}

export const knownBugSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
      .max(100),
    title: z.string().min(1).max(300),
    description: z.string().min(1),
    confidence: z.enum(BUG_CONFIDENCES),
    /** What the sources confirm and what they do not, field by field. */
    confidenceNotes: z.string().min(1),
    references: z.array(referenceSchema),
    match: z.array(matchRuleSchema).min(1),
    fixedIn: z.partialRecord(z.enum(KB_STREAMS), streamFixSchema),
  })
  .superRefine((bug, ctx) => {
    const ruleIds = new Set<string>();
    for (const rule of bug.match) {
      if (ruleIds.has(rule.id))
        ctx.addIssue({ code: "custom", message: `duplicate rule id '${rule.id}'`, path: ["match"] });
      ruleIds.add(rule.id);
    }
    for (const stream of KB_STREAMS) {
      const fix = bug.fixedIn[stream];
      if (!fix) continue;
      const kernels = [fix.fixedIn, fix.firstAffected, ...fix.backports].filter((k): k is string => k !== null);
      for (const kernel of kernels) {
        const problem = checkStreamKernel(stream, kernel);
        if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["fixedIn", stream] });
      }
    }
  });

/** A validated catalogue entry (defaults applied). */
export type KnownBug = z.infer<typeof knownBugSchema>;
/** What a bug file or an API body may contain (defaults not yet applied). */
export type KnownBugInput = z.input<typeof knownBugSchema>;
export type MatchRule = z.infer<typeof matchRuleSchema>;
export type StreamFix = z.infer<typeof streamFixSchema>;
export type BugReference = z.infer<typeof referenceSchema>;
