import { z } from "zod";
import { knownBugFormSchema } from "./known-bug-form";

/** The edit form of a bug created in the dashboard (its id and match rules stay): as submitted. */
export const knownBugEditSchema = knownBugFormSchema.pick({
  title: true,
  description: true,
  references: true,
  fixedIn: true,
});

export type KnownBugEdit = z.infer<typeof knownBugEditSchema>;
