"use client";

import Link from "next/link";
import { useRef, useState, useTransition } from "react";
import { bugHref, hostHref, panicHref, updatesHref } from "./ui/links";

/** What the page's server actions (app/upload/actions.ts) answer for one item; they import it from here. */
export type UploadItemResult =
  | {
      status: "preview";
      label: string;
      title: string;
      host: string;
      kernel: string | null;
      bug: { id: string; title: string; fixedIn: string | null; regression: boolean } | null;
    }
  | {
      status: "created";
      label: string;
      id: string;
      url: string;
      title: string | null;
      host: string;
      bug: { id: string; title: string } | null;
      needsUpdate: boolean;
    }
  | { status: "duplicate"; label: string; id: string; url: string }
  | { status: "error"; label: string; code: string; message: string };

type Action = (form: FormData) => Promise<UploadItemResult>;

interface Item {
  label: string;
  file?: File;
  text?: string;
}

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Paste a text or drop one or many files; "Preview" shows what each would become (title, host, kernel,
 * match) without storing anything; "Upload" stores each separately, with its own result line.
 */
export function UploadForm({ preview, upload, maxBytes }: { preview: Action; upload: Action; maxBytes: number }) {
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [hostname, setHostname] = useState("");
  const [results, setResults] = useState<UploadItemResult[]>([]);
  const [mode, setMode] = useState<"preview" | "upload" | null>(null);
  const [dragging, setDragging] = useState(false);
  const [pending, startTransition] = useTransition();
  const fileInput = useRef<HTMLInputElement>(null);

  const items: Item[] = [
    ...files.map((file) => ({ label: file.name, file })),
    ...(text.trim() ? [{ label: "pasted text", text }] : []),
  ];

  const run = (kind: "preview" | "upload") => {
    setMode(kind);
    startTransition(async () => {
      const out: UploadItemResult[] = [];
      for (const item of items) {
        if (item.file && item.file.size > maxBytes) {
          out.push({
            status: "error",
            label: item.label,
            code: "too_large",
            message: `${item.label} is ${describeSize(item.file.size)}; the limit is ${describeSize(maxBytes)} per summary`,
          });
          continue;
        }
        const form = new FormData();
        form.set("label", item.label);
        if (hostname.trim()) form.set("hostname", hostname.trim());
        if (item.file) form.set("file", item.file);
        else form.set("text", item.text ?? "");
        out.push(await (kind === "preview" ? preview : upload)(form));
        setResults([...out]);
      }
      setResults(out);
    });
  };

  const addFiles = (list: FileList | null) => {
    if (list && list.length) setFiles((current) => [...current, ...Array.from(list)]);
  };

  return (
    <form className="upload-form" onSubmit={(e) => e.preventDefault()} aria-label="Upload crash summaries">
      <label htmlFor="upload-text">Crash text</label>
      <textarea
        id="upload-text"
        name="text"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Paste crash sys/log/bt output, vmcore-dmesg.txt or console oops text"
      />
      <label htmlFor="upload-file">…or choose or drop files (one crash summary each)</label>
      <div
        className={dragging ? "dropzone active" : "dropzone"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          addFiles(e.dataTransfer.files);
        }}
      >
        <input id="upload-file" ref={fileInput} type="file" multiple onChange={(e) => addFiles(e.target.files)} />
        <p>Drop files here</p>
        {files.length ? (
          <ul className="results" aria-label="Chosen files">
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                {f.name} <span className="muted">({describeSize(f.size)})</span>{" "}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setFiles(files.filter((_, j) => j !== i))}
                  aria-label={`Remove ${f.name}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <label htmlFor="upload-host">Hostname (needed when the text has no NODENAME line; applies to every item)</label>
      <input
        id="upload-host"
        type="text"
        name="hostname"
        autoComplete="off"
        value={hostname}
        onChange={(e) => setHostname(e.target.value)}
      />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={pending || items.length === 0}
          onClick={() => run("preview")}
        >
          {pending && mode === "preview" ? "Parsing…" : "Preview"}
        </button>
        <button type="button" disabled={pending || items.length === 0} onClick={() => run("upload")}>
          {pending && mode === "upload" ? "Uploading…" : items.length > 1 ? `Upload ${items.length} items` : "Upload"}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {results.length ? (
          <>
            <h2>{mode === "preview" ? "Preview (nothing stored yet)" : "Results"}</h2>
            <ul className="results" data-testid="upload-results">
              {results.map((r, i) => (
                <ResultLine key={i} result={r} />
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </form>
  );
}

function ResultLine({ result: r }: { result: UploadItemResult }) {
  switch (r.status) {
    case "preview":
      return (
        <li className={r.host ? "ok" : "warn"}>
          <strong>{r.label}</strong>: {r.title} · host {r.host ?? <em>none — enter a hostname above</em>} · kernel{" "}
          <span className="mono">{r.kernel ?? "unknown"}</span> ·{" "}
          {r.bug ? (
            <>
              matches <strong>{r.bug.title}</strong>
              {r.bug.fixedIn ? (
                <>
                  {" "}
                  (fixed in <span className="mono">{r.bug.fixedIn}</span>)
                </>
              ) : null}
              {r.bug.regression ? " — this kernel already has the fix" : ""}
            </>
          ) : (
            "no known bug matches"
          )}
        </li>
      );
    case "created":
      return (
        <li className="ok">
          <strong>{r.label}</strong>: stored <Link href={panicHref(r.id)}>{r.title ?? "panic"}</Link> for{" "}
          <Link href={hostHref(r.host)}>{r.host}</Link>
          {r.bug ? (
            <>
              {" "}
              — matches <Link href={bugHref(r.bug.id)}>{r.bug.title}</Link>
            </>
          ) : (
            " — no known bug matches yet"
          )}
          {r.needsUpdate ? (
            <>
              {" "}
              · <Link href={updatesHref()}>needs a kernel update</Link>
            </>
          ) : null}
          .
        </li>
      );
    case "duplicate":
      return (
        <li className="warn">
          <strong>{r.label}</strong>: already stored as <Link href={panicHref(r.id)}>panic {r.id}</Link>.
        </li>
      );
    default:
      return (
        <li className="danger">
          <strong>{r.label}</strong>: {r.message}
        </li>
      );
  }
}
