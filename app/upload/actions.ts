"use server";

import type { UploadItemResult } from "@/components/upload-form";
import { panicUploadSchema, type PanicUpload } from "@/lib/schemas/panics";
import { AppError, toAppError } from "@/lib/server/errors";
import { ingestPanic, previewPanic } from "@/lib/server/services/ingest";
import { decodeSummary } from "@/lib/server/http/request-body";
import { withWriteAccess } from "@/lib/server/session-actions";

/** One item of the Upload form: a file (checked for binary content and size) or the pasted text. */
async function readItem(form: FormData): Promise<{ label: string; text: string; hostname: string | undefined }> {
  const hostname = String(form.get("hostname") ?? "").trim() || undefined;
  const file = form.get("file");
  if (file && typeof file !== "string") {
    const label = file.name || "file";
    return { label, text: decodeSummary(new Uint8Array(await file.arrayBuffer()), label), hostname };
  }
  // A textarea's text has LF line ends, but the browser's multipart encoding sends each as CRLF:
  // undo that, so that a text at the size limit is measured as pasted (as the API would measure it).
  const text = String(form.get("text") ?? "").replace(/\r\n/g, "\n");
  if (!text.trim())
    throw new AppError("validation_failed", "The text is empty: paste a crash summary or choose a file");
  return { label: "pasted text", text: decodeSummary(new TextEncoder().encode(text), "The pasted text"), hostname };
}

function toError(label: string, error: unknown): UploadItemResult {
  const { code, message } = toAppError(error, label);
  if (code === "hostname_required") {
    return {
      status: "error",
      label,
      code,
      message: "The text names no host (vmcore-dmesg.txt and console logs carry no NODENAME): enter the hostname above",
    };
  }
  return { status: "error", label, code, message };
}

/** The item as an upload, checked by the same schema as POST /api/panics. */
function toUpload(item: { text: string; hostname: string | undefined }): PanicUpload {
  return panicUploadSchema.parse({ text: item.text, hostname: item.hostname, source: "ui" });
}

const refused = (error: AppError, form: FormData): UploadItemResult =>
  toError(String(form.get("label") ?? "item"), error);

/** What ingestion would make of one item, or why it would refuse it (the same analysis), without storing anything. */
export const previewUploadAction = withWriteAccess(async (_writer, form: FormData): Promise<UploadItemResult> => {
  let label = String(form.get("label") ?? "item");
  try {
    const item = await readItem(form);
    label = item.label;
    const analyzed = await previewPanic(toUpload(item));
    if (!analyzed.ok) return toError(label, new AppError(analyzed.code, analyzed.message, analyzed.details));
    const { title, hostname, kernelRelease, match } = analyzed.analysis;
    return {
      status: "preview",
      label,
      title,
      host: hostname,
      kernel: kernelRelease,
      bug: match
        ? { id: match.bugId, title: match.bugTitle, fixedIn: match.fixedIn, regression: match.regression }
        : null,
    };
  } catch (error) {
    return toError(label, error);
  }
}, refused);

/** Stores one item through the same ingestion service as POST /api/panics, for a signed-in writer. */
export const uploadItemAction = withWriteAccess(async (_writer, form: FormData): Promise<UploadItemResult> => {
  let label = String(form.get("label") ?? "item");
  try {
    const item = await readItem(form);
    label = item.label;
    const outcome = await ingestPanic(toUpload(item));
    if (outcome.status === "duplicate") return { status: "duplicate", label, id: outcome.id, url: outcome.url };
    const p = outcome.panic;
    return {
      status: "created",
      label,
      id: p.id,
      url: p.url,
      title: p.title,
      host: p.host,
      bug: p.bug ? { id: p.bug.id, title: p.bug.title } : null,
      needsUpdate: p.needsUpdate,
    };
  } catch (error) {
    return toError(label, error);
  }
}, refused);
