import { createHash } from "node:crypto";
import { parseCrashSummary, type CrashReport } from "../crash";
import { describeKernel } from "../kernel/facts";
import { hostnameSchema, isPlausibleEventTime } from "../schemas/common";
import { bestMatch, type PanicMatch } from "./match";
import type { KnownBug } from "./schema";

/** What an upload carries besides its text; absent fields are read from the text. */
export interface UploadInput {
  text: string;
  hostname?: string;
  kernelRelease?: string;
  crashTime?: Date;
}

/** Everything ingestion stores about an upload, short of the rows it touches. */
export interface UploadAnalysis {
  report: CrashReport;
  hostname: string;
  /** sha-256 of the normalized text (normalizeForHash): a host's duplicate uploads share it. */
  sha256: string;
  kernelRelease: string | null;
  rhelRelease: string | null;
  /** The upload's time, else the text's; null when neither says (ingestion takes the time of arrival). */
  crashTime: Date | null;
  title: string;
  /** The signature group: the report's signature, or the text's hash when it has none. */
  fingerprint: string;
  match: PanicMatch | null;
}

export type UploadRejectionCode = "no_crash_detected" | "hostname_required" | "validation_failed";

export type UploadAnalysisResult =
  | { ok: true; analysis: UploadAnalysis }
  | { ok: false; code: UploadRejectionCode; message: string; details?: unknown };

/**
 * The text whose sha-256 identifies an upload: line ends and trailing blanks differ between a
 * console capture, a file copied from Windows and a re-upload, and must not make a duplicate look new.
 */
export function normalizeForHash(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The time the text prints, when it is one a crash can have happened at. A host whose clock was wrong
 * (year 0, 9999, before the RTC was set) prints a time that would sort before or after every real
 * panic: such a time is unknown, and ingestion takes the time of arrival instead.
 */
function textCrashTime(printed: string | null): Date | null {
  if (!printed) return null;
  const date = new Date(printed);
  return isPlausibleEventTime(date) ? date : null;
}

/**
 * The one analysis of an upload, shared by ingestion and the Upload page's preview: parse the text,
 * refuse what cannot become a panic (no crash, no usable hostname) with the code the API answers,
 * and work out kernel, title, signature group and the best match in `bugs`. Stores nothing.
 */
export function analyzeUpload(upload: UploadInput, bugs: readonly KnownBug[]): UploadAnalysisResult {
  return analyzeParsedUpload(upload, parseUploadText(upload.text), bugs);
}

/** What an upload's text yields before any catalogue is asked: the work that grows with the text. */
export interface ParsedUploadText {
  report: CrashReport;
  /** sha-256 of the normalized text (normalizeForHash). */
  sha256: string;
}

/**
 * analyzeUpload's parse step: parse the text and hash it. It is the step whose time grows with the
 * text (2 MB of blank lines takes half a second to hash), so the server runs it in a worker thread
 * (lib/server/parse-pool.ts); plain data in and out, so it crosses postMessage unchanged.
 */
export function parseUploadText(text: string): ParsedUploadText {
  return { report: parseCrashSummary(text), sha256: sha256Hex(normalizeForHash(text)) };
}

/** analyzeUpload with its parse step done (parseUploadText, perhaps in a worker thread). */
export function analyzeParsedUpload(
  upload: UploadInput,
  { report, sha256 }: ParsedUploadText,
  bugs: readonly KnownBug[],
): UploadAnalysisResult {
  if (!report.detected) {
    return {
      ok: false,
      code: "no_crash_detected",
      message: `No kernel crash found in the text: ${report.reason ?? "nothing recognizable"}`,
      details: { reason: report.reason },
    };
  }
  const named = upload.hostname ?? report.hostname;
  if (!named) {
    return {
      ok: false,
      code: "hostname_required",
      message:
        "The text names no host (vmcore-dmesg.txt and console logs carry no NODENAME): pass ?host=NAME or a hostname field",
    };
  }
  const hostname = hostnameSchema.safeParse(named);
  if (!hostname.success) {
    return {
      ok: false,
      code: "validation_failed",
      message: "The NODENAME in the text is not a usable hostname: pass ?host=NAME",
      details: hostname.error.issues,
    };
  }
  const kernelRelease = upload.kernelRelease ?? report.kernelRelease;
  return {
    ok: true,
    analysis: {
      report,
      hostname: hostname.data,
      sha256,
      kernelRelease,
      rhelRelease: kernelRelease ? describeKernel(kernelRelease).rhelRelease : null,
      crashTime: upload.crashTime ?? textCrashTime(report.crashTime),
      title: report.title ?? report.message ?? "unrecognized crash",
      fingerprint: report.signature ?? sha256.slice(0, 16),
      match: bestMatch(report, kernelRelease, bugs),
    },
  };
}

/** The analysis matched again, against a catalogue that changed since. */
export function rematchUpload(analysis: UploadAnalysis, bugs: readonly KnownBug[]): UploadAnalysis {
  return { ...analysis, match: bestMatch(analysis.report, analysis.kernelRelease, bugs) };
}
