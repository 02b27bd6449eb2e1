import { panicUploadSchema, type PanicUploadInput } from "../../schemas/panics";
import { type AppError, toAppError } from "../errors";
import { ingestPanic, type IngestedPanic } from "./ingest";

/** One item of an upload: something to ingest, or the error found while reading it from the request. */
export type UploadItem = { label: string; input: PanicUploadInput } | { label: string; error: AppError };

export type UploadOutcome =
  | { label: string; status: "created"; panic: IngestedPanic }
  | { label: string; status: "duplicate"; id: string; url: string }
  | { label: string; status: "rejected"; error: AppError };

/** Ingests each item on its own: one bad item never drops the others. */
export async function ingestUploadItems(items: UploadItem[]): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = [];
  for (const item of items) {
    if ("error" in item) {
      outcomes.push({ label: item.label, status: "rejected", error: item.error });
      continue;
    }
    try {
      const outcome = await ingestPanic(panicUploadSchema.parse(item.input));
      outcomes.push(
        outcome.status === "created"
          ? { label: item.label, status: "created", panic: outcome.panic }
          : { label: item.label, status: "duplicate", id: outcome.id, url: outcome.url },
      );
    } catch (error) {
      // An unexpected failure of one item must not lose the answers of the items already stored.
      outcomes.push({ label: item.label, status: "rejected", error: toAppError(error, item.label) });
    }
  }
  return outcomes;
}
