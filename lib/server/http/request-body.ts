import { loadEnv } from "../../env";
import { AppError } from "../errors";

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

/** Decodes an uploaded crash summary, rejecting binary content (binary_content) and oversize ones (too_large). */
export function decodeSummary(
  bytes: Uint8Array,
  label: string,
  maxBytes = loadEnv().PANICBOARD_MAX_UPLOAD_BYTES,
): string {
  if (bytes.byteLength > maxBytes) {
    throw new AppError(
      "too_large",
      `${label} is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes per summary`,
      {
        size: bytes.byteLength,
        limit: maxBytes,
      },
    );
  }
  const binary = describeBinary(bytes);
  if (binary) throw new AppError("binary_content", `${label} is ${binary}. ${BINARY_HINT}.`);
  return new TextDecoder("utf-8").decode(bytes);
}

/** A JSON body read under `limit` bytes; malformed JSON is malformed_json. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const raw = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch (error) {
    throw new AppError("malformed_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads the body up to `limit` bytes; more is too_large, without buffering the rest. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    throw new AppError("too_large", `The request is ${declared} bytes; the limit is ${limit} bytes`, {
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
      throw new AppError("too_large", `The request exceeds the limit of ${limit} bytes`, { limit });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
