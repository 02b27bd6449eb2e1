import { ZodError } from "zod";
import {
  deriveMatchRules,
  KB_STREAMS,
  knownBugSchema,
  storedReports,
  type BugReference,
  type KnownBug,
} from "../../kb";
import { parseKernelRelease } from "../../kernel/release";
import type { KnownBugForm } from "../../schemas/known-bug-form";
import { getDb } from "../db";
import { AppError, toAppError } from "../errors";
import { addKnownBug, type RematchResult } from "./catalogue";

/** Moved to lib/kb; re-exported until app/bugs/new imports it from there. */
export { deriveMatchRules, storedReports } from "../../kb";

const SAMPLE_PANICS = 50;

/** A reference for a URL typed in the dashboard: the one stored before for that URL, else its kind by the address. */
export function referenceOf(url: string, previous: readonly BugReference[] = []): BugReference {
  const known = previous.find((r) => r.url === url);
  if (known) return known;
  const kind: BugReference["kind"] = /bugzilla/i.test(url)
    ? "bugzilla"
    : /git\.kernel\.org|github\.com\/torvalds|\/commit\//i.test(url)
      ? "upstream-fix"
      : /errata|RH[SBE]A-/i.test(url)
        ? "errata"
        : "article";
  return { kind, url, confidence: "unconfirmed" };
}

export interface CreatedKnownBug {
  id: string;
  rematched: RematchResult | null;
}

/**
 * Creates a known bug from an unmatched signature (rules derived from its panics; title, description,
 * references and fixed-in per stream from the user), then re-matches every panic and recomputes each
 * host's needs-update verdict, so the signature's panics move under the new bug.
 */
export async function createKnownBugFromSignature(
  form: Omit<KnownBugForm, "backports"> & { backports?: readonly string[] },
): Promise<CreatedKnownBug> {
  const db = getDb();
  const signature = await db.signature.findUnique({ where: { id: form.signatureId } });
  if (!signature) throw new AppError("not_found", `No signature ${form.signatureId}`);
  const panics = await db.panic.findMany({
    where: { signatureId: signature.id },
    orderBy: { crashTime: "desc" },
    take: SAMPLE_PANICS,
    select: { parsed: true },
  });
  const reports = storedReports(panics.map((p) => p.parsed));
  const id = form.id ?? `USER-${signature.fingerprint}`;
  if (await db.knownBug.findUnique({ where: { id }, select: { id: true } })) {
    throw new AppError("conflict", `A known bug with the id ${id} exists already; choose another id`);
  }
  const fixedIn: KnownBug["fixedIn"] = {};
  for (const [stream, kernel] of Object.entries(form.fixedIn) as [keyof KnownBug["fixedIn"], string | undefined][]) {
    if (kernel)
      fixedIn[stream] = { fixedIn: kernel, backports: [], firstAffected: null, errata: [], confidence: "unconfirmed" };
  }
  // Z-stream kernels go to their own stream's backports (a stream without a main-line fixed-in gets
  // `fixedIn: null`: no main-line kernel is named).
  for (const kernel of form.backports ?? []) {
    const parsed = parseKernelRelease(kernel);
    const stream = parsed.valid ? (KB_STREAMS as readonly (string | null)[]).find((s) => s === parsed.stream) : null;
    if (!stream) throw new AppError("validation_failed", `Z-stream kernel '${kernel}' is not a RHEL kernel`);
    const fix = (fixedIn[stream as keyof KnownBug["fixedIn"]] ??= {
      fixedIn: null,
      backports: [],
      firstAffected: null,
      errata: [],
      confidence: "unconfirmed",
    });
    if (!fix.backports.includes(kernel)) fix.backports.push(kernel);
  }
  let bug: KnownBug;
  try {
    bug = knownBugSchema.parse({
      id,
      title: form.title,
      description: form.description,
      confidence: "unconfirmed",
      confidenceNotes: `Created in the dashboard from signature ${signature.fingerprint} (${signature.panicCount} panics); match rules derived from its panics, fixed-in as entered.`,
      references: form.references.map((url) => referenceOf(url)),
      match: deriveMatchRules(reports, signature.title),
      fixedIn,
    });
  } catch (error) {
    if (error instanceof ZodError) throw toAppError(error, "The bug");
    throw error;
  }
  const rematched = await addKnownBug(bug);
  return { id: bug.id, rematched };
}
