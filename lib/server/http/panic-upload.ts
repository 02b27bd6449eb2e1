import { z } from "zod";
import { loadEnv } from "../../env";
import type { PanicUploadInput } from "../../schemas/panics";
import { AppError, toAppError } from "../errors";
import { bodyLimits, MAX_BATCH_ITEMS } from "./body-limits";
import type { UploadItem, UploadOutcome } from "../services/upload";
import { decodeSummary, readBody, readJsonBody } from "./request-body";
import { errorResponse, json, statusOf } from "./response";

export interface ParsedUpload {
  /** A batch (JSON `items`, multipart) answers per item; a single upload answers with one status. */
  batch: boolean;
  items: UploadItem[];
}

const batchSchema = z.object({
  items: z
    .array(z.unknown())
    .min(1, "items is empty")
    .max(MAX_BATCH_ITEMS, `at most ${MAX_BATCH_ITEMS} items per request`),
});

function fromQuery(url: URL): Partial<PanicUploadInput> {
  const pick = (name: string) => url.searchParams.get(name) ?? undefined;
  return {
    hostname: pick("host") ?? pick("hostname"),
    kernelRelease: pick("kernel") ?? pick("kernelRelease"),
    crashTime: pick("crashTime"),
    source: pick("source") as PanicUploadInput["source"],
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== "")) as Partial<T>;
}

/**
 * Turns a POST /api/panics request into upload items. text/plain is one summary; application/json is
 * `{ text, ... }` or `{ items: [...] }`; multipart/form-data carries one summary per file, with
 * optional host/kernelRelease/crashTime/source fields applying to all of them. An item that cannot be
 * read becomes an item carrying its error, so that the others are still ingested.
 */
export async function parsePanicUpload(request: Request): Promise<ParsedUpload> {
  const maxBytes = loadEnv().PANICBOARD_MAX_UPLOAD_BYTES;
  const limits = bodyLimits(maxBytes);
  const url = new URL(request.url);
  const query = withoutUndefined(fromQuery(url));
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();

  if (contentType.startsWith("text/plain") || contentType === "") {
    const text = decodeSummary(await readBody(request, maxBytes), "The upload", maxBytes);
    return { batch: false, items: [{ label: "body", input: { ...query, text } }] };
  }

  if (contentType.startsWith("application/json")) {
    const body = await readJsonBody(request, limits.batch);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AppError("validation_failed", "The JSON body must be an object: { text, ... } or { items: [...] }");
    }
    const isBatch = "items" in body;
    const entries: unknown[] = isBatch ? batchSchema.parse(body).items : [body];
    const items = entries.map((entry, index): UploadItem => {
      const label = isBatch ? `items[${index}]` : "body";
      try {
        const item = z.record(z.string(), z.unknown()).parse(entry);
        const text = typeof item.text === "string" ? item.text : undefined;
        if (text !== undefined && Buffer.byteLength(text) > maxBytes) {
          throw new AppError("too_large", `${label}.text exceeds the limit of ${maxBytes} bytes`, { limit: maxBytes });
        }
        if (text !== undefined && text.includes("\u0000")) decodeSummary(Buffer.from(text), `${label}.text`, maxBytes);
        return {
          label,
          input: { ...query, ...withoutUndefined(item as Partial<PanicUploadInput>) } as PanicUploadInput,
        };
      } catch (error) {
        return { label, error: toAppError(error, label) };
      }
    });
    return { batch: isBatch, items };
  }

  if (contentType.startsWith("multipart/form-data")) {
    // Read under the limit first (a chunked body declares no length), then let the platform parse it.
    const raw = await readBody(request, limits.batch);
    let form: FormData;
    try {
      form = await new Response(raw, {
        headers: { "content-type": request.headers.get("content-type") ?? "" },
      }).formData();
    } catch (error) {
      throw new AppError("malformed_multipart", `The multipart body could not be read: ${(error as Error).message}`);
    }
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" && value.trim() ? value.trim() : undefined;
    };
    const shared = {
      ...query,
      ...withoutUndefined({
        hostname: field("host") ?? field("hostname"),
        kernelRelease: field("kernelRelease") ?? field("kernel"),
        crashTime: field("crashTime"),
        source: field("source") as PanicUploadInput["source"],
      }),
    };
    const files = [...form.values()].filter((v): v is File => typeof v !== "string");
    if (files.length === 0) {
      throw new AppError(
        "validation_failed",
        "The multipart body has no file: attach each crash summary as a file part",
      );
    }
    if (files.length > MAX_BATCH_ITEMS) {
      throw new AppError("validation_failed", `At most ${MAX_BATCH_ITEMS} files per request`);
    }
    const items = await Promise.all(
      files.map(async (file, index): Promise<UploadItem> => {
        const label = file.name || `file ${index + 1}`;
        try {
          const text = decodeSummary(new Uint8Array(await file.arrayBuffer()), label, maxBytes);
          return { label, input: { ...shared, text } };
        } catch (error) {
          return { label, error: toAppError(error, label) };
        }
      }),
    );
    return { batch: true, items };
  }

  throw new AppError("unsupported_media_type", "Send text/plain, application/json or multipart/form-data");
}

/** One item of a batch answer: `{ item, status, ... }` with the body a single upload would have had. */
function itemResult(outcome: UploadOutcome) {
  switch (outcome.status) {
    case "created":
      return { item: outcome.label, status: 201, panic: outcome.panic };
    case "duplicate":
      return { item: outcome.label, status: 200, duplicate: true as const, id: outcome.id, url: outcome.url };
    case "rejected":
      return { item: outcome.label, status: statusOf(outcome.error), ...outcome.error.toJSON() };
  }
}

/**
 * A single upload answers 201 with the panic, 200 for a duplicate, or its error; a batch answers 200
 * with counts and one result per item.
 */
export function panicUploadResponse(upload: ParsedUpload, outcomes: UploadOutcome[]): Response {
  if (upload.batch) {
    const results = outcomes.map(itemResult);
    const count = (status: UploadOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
    return json(
      { created: count("created"), duplicates: count("duplicate"), rejected: count("rejected"), results },
      { status: 200 },
    );
  }
  const [outcome] = outcomes;
  if (!outcome) throw new Error("an upload of one item produced no outcome");
  switch (outcome.status) {
    case "created":
      return json(outcome.panic, { status: 201, headers: { location: outcome.panic.url } });
    case "duplicate":
      return json({ duplicate: true, id: outcome.id, url: outcome.url }, { status: 200 });
    case "rejected":
      return errorResponse(outcome.error);
  }
}
