import { loadEnv } from "../../env";
import { changelogUploadSchema } from "../../schemas/changelogs";
import { AppError } from "../errors";
import { describeBinary, readBody, readJsonBody } from "./request-body";

const HINT = "send the text of `rpm -q --changelog kernel-<version>` or a kernel.spec";

function checkText(bytes: Uint8Array, limit: number): string {
  if (bytes.byteLength > limit) {
    throw new AppError("too_large", `The changelog is ${bytes.byteLength} bytes; the limit is ${limit} bytes`, {
      size: bytes.byteLength,
      limit,
    });
  }
  const binary = describeBinary(bytes);
  if (binary) throw new AppError("binary_content", `The changelog is ${binary}: ${HINT}, as text`);
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * The changelog text of a POST /api/changelogs: a text/plain body, or JSON `{ text }`. Over
 * PANICBOARD_MAX_CHANGELOG_BYTES is too_large, a gzip file or NUL bytes binary_content.
 */
export async function readChangelogUpload(request: Request): Promise<string> {
  const limit = loadEnv().PANICBOARD_MAX_CHANGELOG_BYTES;
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("text/plain") || contentType === "") {
    return checkText(await readBody(request, limit), limit);
  }
  if (contentType.startsWith("application/json")) {
    // JSON escapes (\" \n \uXXXX) make the body larger than the text it carries.
    const { text } = changelogUploadSchema.parse(await readJsonBody(request, limit * 2));
    return checkText(Buffer.from(text, "utf8"), limit);
  }
  throw new AppError("unsupported_media_type", `Send text/plain or application/json { "text": ... }: ${HINT}`);
}
