"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { knownBugEditSchema } from "@/lib/schemas/known-bug-edit";
import { FORM_STREAMS } from "@/lib/schemas/known-bug-form";
import { type AppError, toAppError } from "@/lib/server/errors";
import { refreshHostUpdatesIfOutdated } from "@/lib/server/services/host-update";
import { deleteKnownBug, editKnownBug } from "@/lib/server/services/known-bug-edits";
import { withWriteAccess } from "@/lib/server/session-actions";

export type EditBugState = { status: "idle" } | { status: "error"; message: string; fields: Record<string, string> };

const refused = (error: AppError): EditBugState => ({ status: "error", message: error.message, fields: {} });

/** Other hosts' exposure to the bug is recomputed once the answer is on its way (as creation does). */
function refreshOtherHostsLater(): void {
  after(() =>
    refreshHostUpdatesIfOutdated().catch((error: unknown) =>
      console.error("panicboard: recomputing host verdicts failed", error),
    ),
  );
}

/** The bug page's Edit form (signed in; dashboard bugs only): save, re-match, record, then show the bug. */
export const editKnownBugAction = withWriteAccess(
  async (writer, _previous: EditBugState, form: FormData): Promise<EditBugState> => {
    const field = (name: string) => String(form.get(name) ?? "");
    const id = field("id");
    const parsed = knownBugEditSchema.safeParse({
      title: field("title"),
      description: field("description"),
      references: field("references"),
      fixedIn: Object.fromEntries(FORM_STREAMS.map((s) => [s, field(`fixedIn.${s}`)])),
    });
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join(".")] ??= issue.message;
      return { status: "error", message: "Some fields need attention.", fields };
    }
    try {
      await editKnownBug(id, parsed.data, writer.name);
      refreshOtherHostsLater();
    } catch (error) {
      return { status: "error", message: toAppError(error, "Saving the bug").message, fields: {} };
    }
    redirect(`/bugs/${encodeURIComponent(id)}?edited=1#history`);
  },
  (error, _previous: EditBugState, _form: FormData) => refused(error),
);

/** The bug page's Delete button (signed in; dashboard bugs only): its panics go to the other bugs. */
export const deleteKnownBugAction = withWriteAccess(
  async (writer, _previous: EditBugState, form: FormData): Promise<EditBugState> => {
    const id = String(form.get("id") ?? "");
    try {
      await deleteKnownBug(id, writer.name);
      refreshOtherHostsLater();
    } catch (error) {
      return { status: "error", message: toAppError(error, "Deleting the bug").message, fields: {} };
    }
    redirect(`/bugs?deleted=${encodeURIComponent(id)}`);
  },
  (error, _previous: EditBugState, _form: FormData) => refused(error),
);
