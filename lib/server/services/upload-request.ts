import { z } from "zod";
import { loadEnv } from "../../env";
import { panicUploadSchema, type PanicUploadInput } from "../../schemas/panics";
import { ApiError } from "../errors";

export const MAX_BATCH_ITEMS = 100;
/** A JSON or multipart request carries at most this many summaries' worth of bytes in total. */
export const MAX_BATCH_SUMMARIES_BYTES = 10;

/** One item of an upload: either something to ingest, or an error found before ingestion. */
export type UploadItem = { label: string; input: PanicUploadInput } | { label: string; error: ApiError };

export interface ParsedUpload {
  /** A batch (JSON `items`, multipart) answers per item; a single upload answers with one status. */
  batch: boolean;
  items: UploadItem[];
}

const BINARY_HINT =
  "Upload vmcore-dmesg.txt (next to the vmcore in /var/crash/<dir>/) or the output of crash's sys, log and bt commands, not the dump itself";

/** Raw vmcores, ELF cores, kdump-compressed and makedumpfile flat files, gzip, or any text with NUL bytes. */
export function describeBinary(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 16)).toString("latin1");
  if (head.startsWith("\x7fELF")) return "an ELF file (a raw vmcore or core dump)";
  if (head.startsWith("KDUMP   ") || head.startsWith("DISKDUMP")) return "a kdump-compressed dump";
  if (head.startsWith("makedumpfile")) return "a makedumpfile flattened dump";
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return "a gzip archive";
  if (head.startsWith("BZh")) return "a bzip2 archive";
  if (head.startsWith("\xfd7zXZ")) return "an xz archive";
  // PostgreSQL stores no NUL in text: any NUL, not only near the start, makes the upload unstorable.
  if (bytes.includes(0)) return "binary data (it contains NUL bytes)";
  return null;
}

/** Decodes an uploaded body, rejecting binary content (415) and oversize summaries (413). */
export function decodeSummary(
  bytes: Uint8Array,
  label: string,
  maxBytes = loadEnv().PANICBOARD_MAX_UPLOAD_BYTES,
): string {
  if (bytes.byteLength > maxBytes) {
    throw new ApiError(
      413,
      "too_large",
      `${label} is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes per summary`,
      {
        size: bytes.byteLength,
        limit: maxBytes,
      },
    );
  }
  const binary = describeBinary(bytes);
  if (binary) throw new ApiError(415, "binary_content", `${label} is ${binary}. ${BINARY_HINT}.`);
  return new TextDecoder("utf-8").decode(bytes);
}

/** A JSON body read under `limit` bytes; malformed JSON is a 400. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const raw = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch (error) {
    throw new ApiError(400, "malformed_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads the body up to `limit` bytes; more is a 413 without buffering the rest. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    throw new ApiError(413, "too_large", `The request is ${declared} bytes; the limit is ${limit} bytes`, {
      size: declared,
      limit,
    });
  }
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError(413, "too_large", `The request exceeds the limit of ${limit} bytes`, { limit });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
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

function itemError(label: string, error: unknown): UploadItem {
  if (error instanceof ApiError) return { label, error };
  if (error instanceof z.ZodError)
    return { label, error: new ApiError(422, "validation_failed", `${label} failed validation`, error.issues) };
  throw error;
}

/**
 * Turns a POST /api/panics request into upload items. text/plain is one summary; application/json is
 * `{ text, ... }` or `{ items: [...] }`; multipart/form-data carries one summary per file, with
 * optional host/kernelRelease/crashTime/source fields applying to all of them.
 */
export async function parseUploadRequest(request: Request): Promise<ParsedUpload> {
  const maxBytes = loadEnv().PANICBOARD_MAX_UPLOAD_BYTES;
  const url = new URL(request.url);
  const query = withoutUndefined(fromQuery(url));
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();

  if (contentType.startsWith("text/plain") || contentType === "") {
    const text = decodeSummary(await readBody(request, maxBytes), "The upload", maxBytes);
    return { batch: false, items: [{ label: "body", input: { ...query, text } }] };
  }

  if (contentType.startsWith("application/json")) {
    const body = await readJsonBody(request, maxBytes * MAX_BATCH_SUMMARIES_BYTES);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new ApiError(
        422,
        "validation_failed",
        "The JSON body must be an object: { text, ... } or { items: [...] }",
      );
    }
    const isBatch = "items" in body;
    let entries: unknown[] = [body];
    if (isBatch) {
      const batch = batchSchema.safeParse(body);
      if (!batch.success)
        throw new ApiError(422, "validation_failed", "items must be an array of 1 to 100 uploads", batch.error.issues);
      entries = batch.data.items;
    }
    const items = entries.map((entry, index): UploadItem => {
      const label = isBatch ? `items[${index}]` : "body";
      try {
        const item = z.record(z.string(), z.unknown()).parse(entry);
        const text = typeof item.text === "string" ? item.text : undefined;
        if (text !== undefined && Buffer.byteLength(text) > maxBytes) {
          throw new ApiError(413, "too_large", `${label}.text exceeds the limit of ${maxBytes} bytes`, {
            limit: maxBytes,
          });
        }
        if (text !== undefined && text.includes("\u0000")) decodeSummary(Buffer.from(text), `${label}.text`, maxBytes);
        return {
          label,
          input: { ...query, ...withoutUndefined(item as Partial<PanicUploadInput>) } as PanicUploadInput,
        };
      } catch (error) {
        return itemError(label, error);
      }
    });
    return { batch: isBatch, items };
  }

  if (contentType.startsWith("multipart/form-data")) {
    // Read under the limit first (a chunked body declares no length), then let the platform parse it.
    const raw = await readBody(request, maxBytes * MAX_BATCH_SUMMARIES_BYTES);
    let form: FormData;
    try {
      form = await new Response(raw, {
        headers: { "content-type": request.headers.get("content-type") ?? "" },
      }).formData();
    } catch (error) {
      throw new ApiError(
        400,
        "malformed_multipart",
        `The multipart body could not be read: ${(error as Error).message}`,
      );
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
    if (files.length === 0)
      throw new ApiError(
        422,
        "validation_failed",
        "The multipart body has no file: attach each crash summary as a file part",
      );
    if (files.length > MAX_BATCH_ITEMS)
      throw new ApiError(422, "validation_failed", `At most ${MAX_BATCH_ITEMS} files per request`);
    const items = await Promise.all(
      files.map(async (file, index): Promise<UploadItem> => {
        const label = file.name || `file ${index + 1}`;
        try {
          const text = decodeSummary(new Uint8Array(await file.arrayBuffer()), label, maxBytes);
          return { label, input: { ...shared, text } };
        } catch (error) {
          return itemError(label, error);
        }
      }),
    );
    return { batch: true, items };
  }

  throw new ApiError(415, "unsupported_media_type", "Send text/plain, application/json or multipart/form-data");
}

/** Validates an item against panicUploadSchema; zod issues become a 422 for that item. */
export function validateUploadItem(input: PanicUploadInput) {
  return panicUploadSchema.parse(input);
}
