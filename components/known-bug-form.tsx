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

/** Title, description, references and fixed-in per stream for a bug created from a signature. */
export function KnownBugForm({
  action,
  signatureId,
  defaultTitle,
  defaultId,
}: {
  action: (state: CreateBugState, form: FormData) => Promise<CreateBugState>;
  signatureId: number;
  defaultTitle: string;
  defaultId: string;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as CreateBugState);
  const error = (name: string) =>
    state.status === "error" && state.fields[name] ? (
      <span className="error-text" id={`${name}-error`}>
        {state.fields[name]}
      </span>
    ) : null;
  return (
    <form action={formAction} className="form-grid" aria-label="Create known bug">
      <input type="hidden" name="signatureId" value={signatureId} />
      <label>
        Title
        <input
          type="text"
          name="title"
          required
          defaultValue={defaultTitle}
          maxLength={300}
          aria-describedby="title-error"
        />
        {error("title")}
      </label>
      <label>
        Id <span className="hint">(optional; e.g. the Red Hat bugzilla or CVE id; default {defaultId})</span>
        <input type="text" name="id" placeholder={defaultId} maxLength={100} aria-describedby="id-error" />
        {error("id")}
      </label>
      <label>
        Description
        <textarea
          name="description"
          rows={5}
          required
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
              placeholder={`e.g. ${example}`}
              aria-describedby={`fixedIn.${stream}-error`}
            />
            {error(`fixedIn.${stream}`)}
          </label>
        ))}
      </fieldset>
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
