"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { FORM_STREAMS, knownBugFormSchema } from "@/lib/schemas/known-bug-form";
import { toAppError } from "@/lib/server/errors";
import { refreshHostUpdatesIfOutdated } from "@/lib/server/services/host-update";
import { recordKnownBugChange } from "@/lib/server/services/known-bug-edits";
import { createKnownBugFromSignature } from "@/lib/server/services/known-bugs";
import { withWriteAccess } from "@/lib/server/session-actions";

export type CreateBugState = { status: "idle" } | { status: "error"; message: string; fields: Record<string, string> };

/** The "Create known bug" form (signed in): validate, create with derived match rules, re-match, record, then show the bug. */
export const createKnownBugAction = withWriteAccess(async function createKnownBug(
  writer,
  _previous: CreateBugState,
  form: FormData,
): Promise<CreateBugState> {
  const field = (name: string) => String(form.get(name) ?? "");
  const parsed = knownBugFormSchema.safeParse({
    signatureId: field("signatureId"),
    id: field("id"),
    title: field("title"),
    description: field("description"),
    references: field("references"),
    backports: field("backports"),
    fixedIn: Object.fromEntries(FORM_STREAMS.map((s) => [s, field(`fixedIn.${s}`)])),
  });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join(".")] ??= issue.message;
    return { status: "error", message: "Some fields need attention.", fields };
  }
  let id: string;
  try {
    id = (await createKnownBugFromSignature(parsed.data)).id;
    await recordKnownBugChange(id, "created", writer.name, { title: { from: null, to: parsed.data.title } });
    // The hosts the new bug's panics belong to are recomputed already; every other host's exposure
    // (a new bug may affect its kernel) is recomputed once the answer is on its way.
    after(() =>
      refreshHostUpdatesIfOutdated().catch((error: unknown) =>
        console.error("panicboard: recomputing host verdicts failed", error),
      ),
    );
  } catch (error) {
    return { status: "error", message: toAppError(error, "Creating the bug").message, fields: {} };
  }
  redirect(`/bugs/${encodeURIComponent(id)}?created=1`);
}, refusedCreate);

function refusedCreate(error: { message: string }, _previous: CreateBugState, _form: FormData): CreateBugState {
  return { status: "error", message: error.message, fields: {} };
}
