/**
 * Kernel RPM changelogs as data: builds (one `* DATE NAME <mail> [VERSION-RELEASE]` block each) and
 * their entries (one `- ...` line each). Pure data: produced by parse-changelog.ts, merged by
 * merge.ts, indexed by changelog-index.ts.
 */

/** One `- ...` line of a build. */
export interface ChangelogEntry {
  /** The line after `- `, continuation lines joined with a space; author, bugs and CVEs included. */
  text: string;
  /** The text without the leading subsystem tag and without the trailing author, bugs and CVEs. */
  summary: string;
  /** `net` for el6-el8 `[net]`, `net_sched` for el9 `net_sched: hfsc: ...`; null when none. */
  subsystem: string | null;
  /** The backporting engineer from `(Author Name)`; null when absent. */
  author: string | null;
  /** Bugzilla ids, in the order written (a z-stream clone first, then the original). */
  bugs: readonly string[];
  /** Jira keys: `RHEL-12345`. */
  jira: readonly string[];
  /** `CVE-2014-0101`. */
  cves: readonly string[];
  /** Functions, symbols and source paths the summary names: `tcp_v4_err`, `net/ipv4/tcp_ipv4.c`. */
  identifiers: readonly string[];
  /** A `Revert:` / `Revert "..."` entry: it undoes a change rather than making one. */
  isRevert: boolean;
}

/** One build's block. */
export interface ChangelogBuild {
  /** `2.6.32-364.el6`, exactly as the header writes it; null for a header without a version. */
  build: string | null;
  /** `el6` ... `el9` (from the build's dist tag, else from the other builds of the text); null when unknown. */
  stream: string | null;
  /** ISO date `2013-02-28`; null when the header's date does not parse. */
  date: string | null;
  /** `Jarod Wilson`. */
  author: string;
  email: string | null;
  entries: ChangelogEntry[];
}

export type ParseChangelogResult =
  | {
      ok: true;
      builds: ChangelogBuild[];
      /** Streams the builds belong to, most builds first. */
      streams: string[];
      /** Lines that were neither a header, an entry nor a continuation (after a header). */
      skippedLines: number;
    }
  | { ok: false; reason: string };

/** All known builds of one stream, newest first in rpm order. */
export interface ChangelogHistory {
  stream: string;
  builds: ChangelogBuild[];
}
