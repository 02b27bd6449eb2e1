"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { UploadState } from "@/app/upload/actions";

export function UploadForm({ action }: { action: (state: UploadState, form: FormData) => Promise<UploadState> }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as UploadState);
  const [text, setText] = useState("");
  return (
    <form action={formAction} className="upload-form">
      <label htmlFor="upload-text">Crash text</label>
      <textarea
        id="upload-text"
        name="text"
        rows={16}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Paste crash sys/log/bt output, vmcore-dmesg.txt or console oops text"
        required
      />
      <label htmlFor="upload-file">…or choose a file</label>
      <input
        id="upload-file"
        type="file"
        accept=".txt,.log,text/plain"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) setText(await file.text());
        }}
      />
      <label htmlFor="upload-host">Hostname (needed when the text has no NODENAME line)</label>
      <input id="upload-host" type="text" name="hostname" autoComplete="off" />
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Uploading…" : "Upload"}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {state.status === "created" ? (
          <p className="badge-ok result">
            Stored <Link href={state.url}>{state.title ?? "panic"}</Link> for {state.host}
            {state.bug ? ` — matches known bug: ${state.bug}` : " — no known bug matches yet"}.
          </p>
        ) : null}
        {state.status === "duplicate" ? (
          <p className="badge-warn result">
            Already stored: <Link href={state.url}>panic {state.id}</Link>.
          </p>
        ) : null}
        {state.status === "error" ? <p className="badge-danger result">{state.message}</p> : null}
      </div>
    </form>
  );
}
