import { cache } from "react";
import { type FixSearch, fixQueryFromCrash } from "../../changelog";
import type { CrashReport, RipInfo, StackFrame } from "../../crash";
import { getDb } from "../db";
import { searchChangelogFixes } from "../services/changelogs";

/**
 * The parts of a stored parsed report that the fix finder reads. Rows stored before a parser
 * change (or with the column's default `{}`) may lack some: they read as absent, never as a crash.
 */
function reportForFixes(parsed: unknown, kernelRelease: string | null): CrashReport {
  const report = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Partial<CrashReport>;
  const frames: StackFrame[] = Array.isArray(report.frames)
    ? report.frames.filter((f): f is StackFrame => typeof f?.function === "string")
    : [];
  const rip: RipInfo | null = typeof report.rip?.function === "string" ? report.rip : null;
  return {
    ...(report as CrashReport),
    kernelRelease: kernelRelease ?? report.kernelRelease ?? null,
    guiltyFrame: typeof report.guiltyFrame === "string" ? report.guiltyFrame : null,
    message: typeof report.message === "string" ? report.message : null,
    frames,
    rip,
  };
}

/**
 * Changelog entries that may fix a stored panic: entries of its kernel's stream, in builds newer
 * than the kernel it crashed on, that name its guilty frame, its trace or its BUG file (bundled
 * and imported changelogs; lib/changelog's findFixes). Null when no such panic exists. Cached per
 * request, like the panic page's other loaders.
 */
export const getFixCandidatesForPanic = cache(async function getFixCandidatesForPanic(
  panicId: bigint,
  limit = 10,
): Promise<FixSearch | null> {
  const panic = await getDb().panic.findUnique({
    where: { id: panicId },
    select: { kernelRelease: true, parsed: true },
  });
  if (!panic) return null;
  return searchChangelogFixes(fixQueryFromCrash(reportForFixes(panic.parsed, panic.kernelRelease), limit));
});
