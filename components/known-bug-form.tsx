"use client";

import { useActionState } from "react";

/** What the form's server action answers (app/bugs/new/actions.ts returns this shape). */
export type CreateBugState = { status: "idle" } | { status: "error"; message: string; fields: Record<string, string> };

const STREAMS = [
  { stream: "el6", example: "2.6.32-431.el6" },
  { stream: "el7", example: "3.10.0-957.el7" },
  { stream: "el8", example: "4.18.0-305.el8" },
  { stream: "el9", example: "5.14.0-362.8.1.el9_3" },
  { stream: "el10", example: "6.12.0-55.9.1.el10_0" },
  { stream: "upstream", example: "6.1" },
] as const;

/** Values to start the form with (a fix finder candidate: lib/kb's prefillFromFix). */
export interface KnownBugFormPrefill {
  id: string | null;
  title: string;
  description: string;
  references: string[];
  /** Per stream: the main-line kernel with the fix. */
  fixedIn: Partial<Record<string, string>>;
  /** Z-stream kernels of any stream that carry the fix. */
  backports: string[];
}

/** Title, description, references and fixed-in per stream for a bug created from a signature. */
export function KnownBugForm({
  action,
  signatureId,
  defaultTitle,
  defaultId,
  prefill,
}: {
  action: (state: CreateBugState, form: FormData) => Promise<CreateBugState>;
  signatureId: number;
  defaultTitle: string;
  defaultId: string;
  prefill?: KnownBugFormPrefill | null;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as CreateBugState);
  const error = (name: string) => {
    // A list field's issues are named by item (`backports.2`): the first one shows under the field.
    const key =
      state.status === "error"
        ? Object.keys(state.fields).find((k) => k === name || k.startsWith(`${name}.`))
        : undefined;
    return state.status === "error" && key ? (
      <span className="error-text" id={`${name}-error`}>
        {state.fields[key]}
      </span>
    ) : null;
  };
  return (
    <form action={formAction} className="form-grid" aria-label="Create known bug">
      <input type="hidden" name="signatureId" value={signatureId} />
      <label>
        Title
        <input
          type="text"
          name="title"
          required
          defaultValue={prefill?.title ?? defaultTitle}
          maxLength={300}
          aria-describedby="title-error"
        />
        {error("title")}
      </label>
      <label>
        Id <span className="hint">(optional; e.g. the Red Hat bugzilla or CVE id; default {defaultId})</span>
        <input
          type="text"
          name="id"
          placeholder={defaultId}
          defaultValue={prefill?.id ?? undefined}
          maxLength={100}
          aria-describedby="id-error"
        />
        {error("id")}
      </label>
      <label>
        Description
        <textarea
          name="description"
          rows={prefill ? 9 : 5}
          required
          defaultValue={prefill?.description}
          placeholder="What goes wrong, on which kernels, and what fixes it"
          aria-describedby="description-error"
        />
        {error("description")}
      </label>
      <label>
        References <span className="hint">(one URL per line: bugzilla, upstream commit, erratum, article)</span>
        <textarea
          name="references"
          rows={3}
          defaultValue={prefill?.references.join("\n")}
          placeholder="https://bugzilla.redhat.com/show_bug.cgi?id=…"
          aria-describedby="references-error"
        />
        {error("references")}
      </label>
      <fieldset className="streams">
        <legend>Fixed in (first kernel of each stream with the fix; leave empty when unknown)</legend>
        {STREAMS.map(({ stream, example }) => (
          <label key={stream}>
            {stream}
            <input
              type="text"
              name={`fixedIn.${stream}`}
              defaultValue={prefill?.fixedIn[stream]}
              placeholder={`e.g. ${example}`}
              aria-describedby={`fixedIn.${stream}-error`}
            />
            {error(`fixedIn.${stream}`)}
          </label>
        ))}
      </fieldset>
      <label>
        Z-stream backports{" "}
        <span className="hint">
          (optional; z-stream kernels that carry the fix, one per line: a later kernel of the same z-stream has it too)
        </span>
        <textarea
          name="backports"
          rows={2}
          defaultValue={prefill?.backports.join("\n")}
          placeholder="e.g. 2.6.32-358.14.1.el6"
          aria-describedby="backports-error"
        />
        {error("backports")}
      </label>
      <div className="actions">
        <button type="submit" disabled={pending}>
          {pending ? "Creating and re-matching…" : "Create known bug"}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {state.status === "error" ? <p className="result badge-danger">{state.message}</p> : null}
      </div>
    </form>
  );
}
