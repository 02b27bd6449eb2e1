import { z } from "zod";

/** POST /api/changelogs as JSON: `{ text }`, the text of `rpm -q --changelog kernel-<version>` or a kernel.spec. */
export const changelogUploadSchema = z.object({ text: z.string().min(1, "text is empty") });

/** A kernel build as the agent names it: `3.10.0-1160.119.1.el7`, `kernel-3.10.0-1160.119.1.el7.x86_64`. */
export const changelogBuildParamSchema = z
  .string()
  .trim()
  .regex(/^(?:kernel-)?\d[0-9A-Za-z._+~^-]{2,200}$/, "not a kernel build such as 3.10.0-1160.119.1.el7")
  .transform((label) => label.replace(/^kernel-/, ""));
