"use client";

import { useActionState } from "react";
import type { EditBugState } from "./actions";

type Action = (state: EditBugState, form: FormData) => Promise<EditBugState>;

export interface EditBugValues {
  id: string;
  title: string;
  description: string;
  references: string[];
  fixedIn: Partial<Record<string, string>>;
}

const STREAMS = ["el6", "el7", "el8", "el9", "el10", "upstream"] as const;

/** Edit and Delete of a bug created in the dashboard; each change is re-matched and recorded in its History. */
export function EditBugForm({ values, edit, remove }: { values: EditBugValues; edit: Action; remove: Action }) {
  const [state, editAction, saving] = useActionState(edit, { status: "idle" } as EditBugState);
  const [removed, removeAction, removing] = useActionState(remove, { status: "idle" } as EditBugState);
  const error = (name: string) =>
    state.status === "error" && state.fields[name] ? <span className="error-text">{state.fields[name]}</span> : null;
  return (
    <>
      <form action={editAction} className="form-grid" aria-label="Edit known bug">
        <input type="hidden" name="id" value={values.id} />
        <label>
          Title
          <input type="text" name="title" required maxLength={300} defaultValue={values.title} />
          {error("title")}
        </label>
        <label>
          Description
          <textarea name="description" required rows={5} defaultValue={values.description} />
          {error("description")}
        </label>
        <label>
          References <span className="hint">(one URL per line)</span>
          <textarea name="references" rows={3} defaultValue={values.references.join("\n")} />
          {error("references")}
        </label>
        {STREAMS.map((stream) => (
          <label key={stream}>
            Fixed in {stream}
            <input type="text" name={`fixedIn.${stream}`} defaultValue={values.fixedIn[stream] ?? ""} maxLength={100} />
            {error(`fixedIn.${stream}`)}
          </label>
        ))}
        {state.status === "error" ? (
          <p className="error-text" role="alert">
            {state.message}
          </p>
        ) : null}
        <div>
          <button type="submit" disabled={saving}>
            {saving ? "Saving and re-matching…" : "Save changes"}
          </button>
        </div>
      </form>
      <form
        action={removeAction}
        aria-label="Delete known bug"
        onSubmit={(event) => {
          if (!window.confirm(`Delete ${values.id}? Its panics are matched again against the other bugs.`))
            event.preventDefault();
        }}
      >
        <input type="hidden" name="id" value={values.id} />
        {removed.status === "error" ? (
          <p className="error-text" role="alert">
            {removed.message}
          </p>
        ) : null}
        <p>
          <button type="submit" className="secondary" disabled={removing}>
            {removing ? "Deleting…" : "Delete this known bug"}
          </button>
        </p>
      </form>
    </>
  );
}
