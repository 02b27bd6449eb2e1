import Link from "next/link";
import type { ReactNode } from "react";
import type { FixCandidate, FixSearch } from "@/lib/changelog";
import { describeFirstRelease, describeMatch, fixCandidateKey } from "@/lib/kb/fix-prefill";
import styles from "./fix-candidates.module.css";
import type { Cell } from "./tables/record-table";
import { newBugFromFixHref, panicFixesHref } from "./ui/links";

/** Labels of a candidate's links, in the order lib/changelog writes them (bugs, Jira, CVEs); http(s) only. */
function labelledLinks(candidate: FixCandidate): { label: string; href: string }[] {
  const labels = [...candidate.bugs.map((id) => `Bugzilla ${id}`), ...candidate.jira, ...candidate.cves];
  return candidate.links
    .map((href, i) => ({ label: labels[i] ?? href, href }))
    .filter(({ href }) => /^https?:\/\//i.test(href));
}

/** How much the match says: the crashing function named, a frame named, or only words of names. */
function strengthOf(candidate: FixCandidate): { text: string; tone: "ok" | "warn" | "muted" } {
  const roles = new Set(candidate.matched.map((m) => m.role));
  if (roles.has("guilty") || roles.has("rip")) return { text: "names the crashing function", tone: "ok" };
  if (roles.has("frame") || roles.has("bug-file")) return { text: "names the call trace", tone: "warn" };
  return { text: "words of names only", tone: "muted" };
}

function Candidate({
  candidate,
  rank,
  panicId,
  signatureId,
}: {
  candidate: FixCandidate;
  rank: number;
  panicId: string;
  signatureId: number | null;
}) {
  const strength = strengthOf(candidate);
  const release = describeFirstRelease(candidate);
  const links = labelledLinks(candidate);
  return (
    <li className={styles.candidate} data-testid="fix-candidate">
      <p className={`${styles.entry} mono`}>
        <span className={styles.rank}>{rank}.</span>
        {candidate.text}
      </p>
      <dl className="fields">
        <dt>Why it matched</dt>
        <dd>
          <span className={`badge badge-${strength.tone}`}>{strength.text}</span>{" "}
          {candidate.matched.map(describeMatch).join(", ")}
          {candidate.isRevert ? " · a revert" : ""}
        </dd>
        <dt>Build</dt>
        <dd>
          <span className="mono">{candidate.build}</span>
          {candidate.date ? <span className="muted"> ({candidate.date})</span> : null}
        </dd>
        <dt>First shipped</dt>
        <dd>{release ?? <span className="muted">not in a released minor yet</span>}</dd>
        <dt>Z-streams</dt>
        <dd className={candidate.zStreams.length ? "mono" : "muted"}>
          {candidate.zStreams.length ? candidate.zStreams.join(", ") : "no z-stream build with the same fix"}
        </dd>
      </dl>
      <div className={styles.actions}>
        {signatureId !== null ? (
          <Link
            className={strength.tone === "ok" ? "button" : "button secondary"}
            href={newBugFromFixHref(signatureId, panicId, candidate.build, fixCandidateKey(candidate))}
          >
            Create known bug from this fix
          </Link>
        ) : null}
        {links.length ? (
          <span className={styles.links}>
            {links.map((link) => (
              <a key={link.href} href={link.href} target="_blank" rel="noopener noreferrer">
                {link.label}
              </a>
            ))}
          </span>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The fix finder's answer for one panic: the best changelog entries, why each matched, the build
 * that carries it and the first release that shipped it; otherwise why there is none. Another
 * stream's fix is a hint, never a target. `signatureId` null: no "Create known bug" button.
 */
export function FixCandidates({
  search,
  panicId,
  signatureId,
}: {
  search: FixSearch;
  panicId: string;
  signatureId: number | null;
}) {
  const notes = [...search.notes, ...search.otherStreams.map((o) => `${o.note} — not a target for this host.`)];
  return (
    <>
      {search.candidates.length ? (
        <ol className={styles.list}>
          {search.candidates.map((candidate, i) => (
            <Candidate
              key={`${candidate.build} ${candidate.text}`}
              candidate={candidate}
              rank={i + 1}
              panicId={panicId}
              signatureId={signatureId}
            />
          ))}
        </ol>
      ) : (
        <p>
          No {search.stream ?? "kernel"} changelog entry after <span className="mono">{search.kernel || "—"}</span>{" "}
          names this crash&apos;s functions or its BUG file.
        </p>
      )}
      {notes.length ? (
        <ul className={`${styles.notes} muted`} aria-label="Notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The candidates folded away, for a panic a known bug already explains (`other`: beside the bug's own fix). */
export function SecondaryFixCandidates({
  count,
  other = false,
  children,
}: {
  count: number;
  other?: boolean;
  children: ReactNode;
}) {
  const entries = `${count} ${other ? "other " : ""}changelog ${count === 1 ? "entry" : "entries"}`;
  return (
    <details className={styles.secondary}>
      <summary>
        {count ? `${entries} that may also concern this crash` : `No ${other ? "other " : ""}changelog entry`}
      </summary>
      {children}
    </details>
  );
}

/** A best candidate as the pages' tables get it (lib/server/queries/fixes.ts's BestFix). */
type BestFixCell =
  | (Pick<FixCandidate, "build" | "firstRelease"> & { panicId: string })
  | { panicId: string; build: null; changelogEndsAt: string };

/** `RHEL 6.5`, `RHEL 6.10 z-stream`: the minor that first shipped a build; null when none is known. */
function releaseLabel(release: FixCandidate["firstRelease"]): string | null {
  return release ? `RHEL ${release.minor}${release.isGa ? "" : " z-stream"}` : null;
}

/** The panic's kernel is past the changelogs: say where they end (the hosts' agents send newer ones). */
function changelogGapCell(fix: { panicId: string; changelogEndsAt: string }): Cell {
  return { list: [{ text: "changelogs end at", href: panicFixesHref(fix.panicId) }, { text: fix.changelogEndsAt }] };
}

/**
 * The table cell of a best candidate: its build (linking to the "Possible fixes" of the panic it was
 * found for) and the minor that first shipped it, side by side where the column is wide enough.
 */
export function bestFixCell(fix: BestFixCell | undefined): Cell {
  if (!fix) return null;
  if (fix.build === null) return changelogGapCell(fix);
  const release = releaseLabel(fix.firstRelease);
  return {
    list: [{ text: fix.build, href: panicFixesHref(fix.panicId) }, ...(release ? [{ text: release }] : [])],
    mono: true,
  };
}

/**
 * The kernel an unmatched panic's best candidate first shipped in (`2.6.32-431.el6`; the build
 * itself when no released minor is known), linking to the panic's "Possible fixes".
 */
export function candidateKernelCell(fix: BestFixCell | undefined): Cell {
  if (!fix) return null;
  if (fix.build === null) return changelogGapCell(fix);
  return { text: fix.firstRelease?.kernel ?? fix.build, href: panicFixesHref(fix.panicId), mono: true, nowrap: true };
}
