import { ZodError } from "zod";
import { ApiError } from "../errors";
import { ingestPanic, type IngestedPanic } from "./ingest";
import { validateUploadItem, type UploadItem } from "./upload-request";

export type ItemResult =
  | { item: string; status: 201; panic: IngestedPanic }
  | { item: string; status: 200; duplicate: true; id: string; url: string }
  | { item: string; status: number; error: string; message: string; details?: unknown };

function toErrorResult(item: string, error: unknown): ItemResult {
  if (error instanceof ApiError) return { item, status: error.status, ...error.toJSON() };
  if (error instanceof ZodError)
    return {
      item,
      status: 422,
      error: "validation_failed",
      message: `${item} failed validation`,
      details: error.issues,
    };
  // An unexpected failure of one item must not lose the answers of the items already stored.
  console.error(`panicboard: ingesting ${item} failed`, error);
  return { item, status: 500, error: "internal_error", message: `${item} could not be stored; see the server log` };
}

/** Ingests each item on its own: one bad item never drops the others. */
export async function ingestUploadItems(items: UploadItem[]): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const item of items) {
    if ("error" in item) {
      results.push(toErrorResult(item.label, item.error));
      continue;
    }
    try {
      const outcome = await ingestPanic(validateUploadItem(item.input));
      results.push(
        outcome.status === "created"
          ? { item: item.label, status: 201, panic: outcome.panic }
          : { item: item.label, status: 200, duplicate: true, id: outcome.id, url: outcome.url },
      );
    } catch (error) {
      results.push(toErrorResult(item.label, error));
    }
  }
  return results;
}

export function summarize(results: ItemResult[]) {
  return {
    created: results.filter((r) => r.status === 201).length,
    duplicates: results.filter((r) => r.status === 200).length,
    rejected: results.filter((r) => r.status >= 400).length,
  };
}
