/**
 * A fix finder candidate (lib/changelog) as the values of the "Create known bug" form: title,
 * description, references and fixed-in per stream, with the z-stream builds as backports.
 */

import { describeBuild } from "../changelog/builds";
import type { FixCandidate, MatchedName } from "../changelog/find-fixes";
import { parseKernelRelease } from "../kernel/release";
import { compareEvr } from "../kernel/rpmvercmp";
import type { KbStream } from "./schema";

/** The fields of a candidate that name it and fill the form. */
export type FixCandidateFields = Pick<
  FixCandidate,
  | "build"
  | "stream"
  | "date"
  | "firstRelease"
  | "text"
  | "summary"
  | "bugs"
  | "jira"
  | "cves"
  | "links"
  | "matched"
  | "zStreams"
>;

export interface KnownBugPrefill {
  /** A suggested id: `RHBZ-757658`, `RHEL-12345`, `CVE-2014-0101`; null when the entry names none. */
  id: string | null;
  title: string;
  description: string;
  /** http(s) links only, one per reference. */
  references: string[];
  /** Per stream: the first kernel of the main line that has the fix (the first GA kernel that shipped it). */
  fixedIn: Partial<Record<KbStream, string>>;
  /** Per stream: z-stream builds that carry the fix (a later kernel of the same z-stream has it too). */
  backports: Partial<Record<KbStream, string[]>>;
}

/**
 * What names a candidate in a URL beside its build: its first Bugzilla id, else its Jira key, else
 * its CVE, else `s` and a hash of its summary. Entries of one build with the same bug are one fix.
 */
export function fixCandidateKey(candidate: Pick<FixCandidate, "bugs" | "jira" | "cves" | "summary">): string {
  const named = candidate.bugs[0] ?? candidate.jira[0] ?? candidate.cves[0];
  if (named) return named;
  // FNV-1a over the lower-cased summary: short, stable across processes and index rebuilds.
  let hash = 0x811c9dc5;
  for (const char of candidate.summary.toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `s${hash.toString(16).padStart(8, "0")}`;
}

const ROLE_TEXT: Record<MatchedName["role"], string> = {
  guilty: "the guilty frame",
  rip: "the RIP function",
  frame: "a call-trace frame",
  "bug-file": "the BUG line's source file",
  word: "a word of the crashing function's, module's or file's name",
};

/** `tcp_v4_err (the guilty frame)`, `__netif_receive_skb (call-trace frame 8)`. */
export function describeMatch(match: MatchedName): string {
  if (match.role === "frame") return `${match.name} (call-trace frame ${match.position})`;
  return `${match.name} (${ROLE_TEXT[match.role]})`;
}

/** `RHEL 6.5 — 2.6.32-431.el6`, or the z-stream build that first shipped it; null when no release is known. */
export function describeFirstRelease(candidate: Pick<FixCandidate, "firstRelease">): string | null {
  const release = candidate.firstRelease;
  if (!release) return null;
  return release.isGa
    ? `RHEL ${release.minor} — ${release.kernel}`
    : `RHEL ${release.minor} z-stream — ${release.kernel}`;
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}

/** A candidate's links that a page may render: http and https only. */
export function webLinksOf(candidate: Pick<FixCandidate, "links">): string[] {
  return candidate.links.filter(isHttpUrl);
}

function streamOf(kernel: string): KbStream | null {
  const parsed = parseKernelRelease(kernel);
  return parsed.valid && parsed.stream ? (parsed.stream as KbStream) : null;
}

function versionRelease(kernel: string): string {
  const parsed = parseKernelRelease(kernel);
  return parsed.valid ? parsed.versionRelease : kernel;
}

/**
 * The form's values for the fix that `entries` make (entries of one build sharing a bug, best
 * ranked first; usually one). Fixed-in: the main-line build's first GA kernel, or the build itself
 * when no released minor carries it yet; a z-stream build, and the other z-streams with the same
 * fix, go to backports (those at or after the fixed-in kernel add nothing and are left out).
 * `kernel` is the crashed kernel the candidates were found for.
 */
export function prefillFromFix(entries: readonly FixCandidateFields[], kernel: string): KnownBugPrefill | null {
  const [first] = entries;
  if (!first) return null;
  const bugs = [...new Set(entries.flatMap((e) => e.bugs))];
  const jira = [...new Set(entries.flatMap((e) => e.jira))];
  const cves = [...new Set(entries.flatMap((e) => e.cves))];
  const id = bugs[0] ? `RHBZ-${bugs[0]}` : (jira[0] ?? cves[0] ?? null);

  const fixedIn: KnownBugPrefill["fixedIn"] = {};
  const backports: KnownBugPrefill["backports"] = {};
  const stream = streamOf(first.build);
  const isZStream = describeBuild(first.build).isZStream;
  // A z-stream build after its minor's GA says nothing of the main line: fixed-in stays unknown.
  const mainLine = first.firstRelease?.isGa
    ? first.firstRelease.kernel
    : isZStream
      ? null
      : versionRelease(first.build);
  if (stream && mainLine) fixedIn[stream] = mainLine;
  const zStreams = [...(isZStream ? [first.build] : []), ...entries.flatMap((e) => e.zStreams)];
  for (const build of new Set(zStreams.map(versionRelease))) {
    const own = streamOf(build);
    if (!own) continue;
    if (own === stream && mainLine && compareEvr(build, mainLine) >= 0) continue;
    (backports[own] ??= []).push(build);
  }
  for (const list of Object.values(backports)) list.sort(compareEvr);

  const release = describeFirstRelease(first);
  const matched = first.matched.map(describeMatch).join(", ");
  const allZ = Object.values(backports).flat();
  const description = [
    `Kernel changelog ${entries.length > 1 ? "entries" : "entry"} of ${first.build}${first.date ? ` (${first.date})` : ""}:`,
    ...entries.map((e) => `- ${e.text}`),
    "",
    release ? `First shipped in ${release}.` : `${first.build} is not in a released minor the release table knows yet.`,
    allZ.length
      ? `Z-stream builds with the same fix: ${allZ.join(", ")}.`
      : "No z-stream build with the same fix is known.",
    `Found by the fix finder for a panic on ${kernel}${matched ? `: the entry names ${matched}` : ""}. Unconfirmed until the fix is checked against the crash.`,
  ].join("\n");

  return {
    id,
    title: first.summary || first.text,
    description,
    references: [...new Set(entries.flatMap(webLinksOf))],
    fixedIn,
    backports,
  };
}

/** What names a known bug in trackers: its id and its references' ids and URLs. */
export interface TrackedBug {
  id: string;
  references: readonly { id?: string; url?: string | null }[];
}

/** The ids a known bug is known by: its own (`RHBZ-757658`, `CVE-2014-0101`, `RHEL-1234`) and its references'. */
function trackerIdsOf(bug: TrackedBug) {
  const ids = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    const rhbz = /^(?:RHBZ-|bz)?(\d{5,8})$/i.exec(value) ?? /bugzilla\.redhat\.com\/.*[?&]id=(\d+)/i.exec(value);
    if (rhbz) ids.add(`bz:${rhbz[1]}`);
    const cve = /\b(CVE-\d{4}-\d{4,})\b/i.exec(value);
    if (cve) ids.add(cve[1]!.toUpperCase());
    const jira = /\b(RHEL-\d+)\b/.exec(value);
    if (jira) ids.add(jira[1]!);
  };
  add(bug.id);
  for (const reference of bug.references) {
    add(reference.id);
    add(reference.url);
  }
  return ids;
}

/**
 * Whether a changelog entry is a known bug's own fix: it names one of the Bugzilla ids, CVEs or Jira
 * keys the bug is known by (the panic page shows it as the bug's fix, not as another possible one).
 */
export function isFixOfKnownBug(candidate: Pick<FixCandidate, "bugs" | "cves" | "jira">, bug: TrackedBug): boolean {
  const ids = trackerIdsOf(bug);
  return (
    candidate.bugs.some((id) => ids.has(`bz:${id}`)) ||
    candidate.cves.some((id) => ids.has(id.toUpperCase())) ||
    candidate.jira.some((id) => ids.has(id))
  );
}
