"use server";

import { ZodError } from "zod";
import { panicUploadSchema } from "@/lib/schemas/panics";
import { ApiError } from "@/lib/server/errors";
import { ingestPanic } from "@/lib/server/services/ingest";

export type UploadState =
  | { status: "idle" }
  | { status: "created"; id: string; url: string; title: string | null; host: string; bug: string | null }
  | { status: "duplicate"; id: string; url: string }
  | { status: "error"; message: string };

/** The Upload page's form: the same ingestion service as POST /api/panics, without a token. */
export async function uploadPanicAction(_previous: UploadState, form: FormData): Promise<UploadState> {
  try {
    const upload = panicUploadSchema.parse({
      text: String(form.get("text") ?? ""),
      hostname: String(form.get("hostname") ?? "").trim() || undefined,
      source: "ui",
    });
    const outcome = await ingestPanic(upload);
    if (outcome.status === "duplicate") return { status: "duplicate", id: outcome.id, url: outcome.url };
    const p = outcome.panic;
    return { status: "created", id: p.id, url: p.url, title: p.title, host: p.host, bug: p.bug?.title ?? null };
  } catch (error) {
    if (error instanceof ApiError) return { status: "error", message: error.message };
    if (error instanceof ZodError) return { status: "error", message: error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") };
    console.error("panicboard: upload failed", error);
    return { status: "error", message: "The upload failed on the server; see the server log." };
  }
}
