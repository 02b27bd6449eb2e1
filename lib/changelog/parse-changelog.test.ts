import { describe, expect, it } from "vitest";
import { describeBuild, firstReleaseOf } from "./builds";
import { mergeBuilds, mergeIntoHistories } from "./merge";
import { createChangelogScanner, parseChangelog, parseEntryText } from "./parse-changelog";
import { extractIdentifiers, hasCrashWords } from "./terms";

const EL6 = `* Thu Feb 28 2013 Jarod Wilson <jarod@redhat.com> [2.6.32-364.el6]
- [net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]
- [mm] tmpfs: fix use-after-free of mempolicy object (Nikola Pajkovsky) [915715] {CVE-2013-1767}

* Wed Feb 27 2013 Jarod Wilson <jarod@redhat.com> [2.6.32-363.el6]
- [net] fix divide by zero in tcp algorithm illinois (Flavio Leitner) [866514] {CVE-2012-4565}
- [fs] Revert: writeback: do not sync data dirtied after sync start (Brian Foster) [1085828]
`;

const EL9 = `* Mon Jul 28 2025 CKI KWF Bot <cki-ci-bot+kwf-gitlab-com@redhat.com> [5.14.0-570.32.1.el9_6]
- net_sched: hfsc: Fix a UAF vulnerability in class with netem as child qdisc (Davide Caratti) [RHEL-97522] {CVE-2025-37890}
- sch_hfsc: Fix qlen accounting bug when using peek in hfsc_enqueue() (Davide Caratti) [RHEL-97522 2311234] {CVE-2025-38000}
`;

describe("parseEntryText", () => {
  it("splits an el6-el8 entry", () => {
    const entry = parseEntryText("[net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]");
    expect(entry).toMatchObject({
      subsystem: "net",
      summary: "tcp: Don't change unlocked socket state in tcp_v4_err()",
      author: "Jiri Benc",
      bugs: ["757658"],
      jira: [],
      cves: [],
      identifiers: ["tcp_v4_err"],
      isRevert: false,
    });
  });

  it("splits an el9 entry with Jira keys, Bugzilla ids and CVEs", () => {
    const entry = parseEntryText(
      "sch_hfsc: Fix qlen accounting bug when using peek in hfsc_enqueue() (Davide Caratti) [RHEL-97522 2311234] {CVE-2025-38000 CVE-2025-37890}",
    );
    expect(entry).toMatchObject({
      subsystem: "sch_hfsc",
      summary: "sch_hfsc: Fix qlen accounting bug when using peek in hfsc_enqueue()",
      author: "Davide Caratti",
      bugs: ["2311234"],
      jira: ["RHEL-97522"],
      cves: ["CVE-2025-38000", "CVE-2025-37890"],
      identifiers: ["sch_hfsc", "hfsc_enqueue"],
    });
  });

  it("reads reverts, entries without author or bugs, and parentheses inside the summary", () => {
    expect(parseEntryText("[fs] Revert: writeback: do not sync (Brian Foster) [1085828]")).toMatchObject({
      subsystem: "fs",
      summary: "Revert: writeback: do not sync",
      isRevert: true,
    });
    expect(parseEntryText("[rebase] Rebased to 2.6.32")).toMatchObject({
      subsystem: "rebase",
      summary: "Rebased to 2.6.32",
      author: null,
      bugs: [],
    });
    expect(parseEntryText("[scsi] fix (rare) hang in foo_bar() (Jane Doe) [123456]")).toMatchObject({
      summary: "fix (rare) hang in foo_bar()",
      author: "Jane Doe",
    });
  });

  it("extracts functions, symbols, called plain names and source paths", () => {
    expect(
      extractIdentifiers(
        "net: fix skb_copy_and_csum_datagram_iovec in net/core/datagram.c, dput() and drivers/hid/hid-core.c",
      ),
    ).toEqual([
      "skb_copy_and_csum_datagram_iovec",
      "net/core/datagram.c",
      "datagram.c",
      "dput",
      "drivers/hid/hid-core.c",
      "hid-core.c",
    ]);
  });

  it("knows crash words", () => {
    expect(hasCrashWords("fix NULL pointer dereference in foo()")).toBe(true);
    expect(hasCrashWords("fix divide by zero in tcp algorithm illinois")).toBe(true);
    expect(hasCrashWords("add support for new device ids")).toBe(false);
  });
});

describe("parseChangelog", () => {
  it("parses builds, dates, authors and entries", () => {
    const result = parseChangelog(EL6);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.streams).toEqual(["el6"]);
    expect(result.builds.map((b) => [b.build, b.date, b.author, b.email, b.stream, b.entries.length])).toEqual([
      ["2.6.32-364.el6", "2013-02-28", "Jarod Wilson", "jarod@redhat.com", "el6", 2],
      ["2.6.32-363.el6", "2013-02-27", "Jarod Wilson", "jarod@redhat.com", "el6", 2],
    ]);
    expect(result.builds[0]?.entries[1]?.cves).toEqual(["CVE-2013-1767"]);
  });

  it("parses el9 z-stream builds", () => {
    const result = parseChangelog(EL9);
    expect(result.ok && result.builds[0]).toMatchObject({ build: "5.14.0-570.32.1.el9_6", stream: "el9" });
  });

  it("parses a kernel.spec %changelog with versions after a dash, continuation lines, comments and %%", () => {
    const spec = [
      "Name: kernel",
      "- this preamble line is not an entry",
      "%changelog",
      "* Thu Feb 28 2013 Jarod Wilson <jarod@redhat.com> - 2.6.32-364.el6",
      "- [net] tcp: Don't change unlocked socket state",
      "  in tcp_v4_err() (Jiri Benc) [757658]",
      "# a comment rpm drops",
      "- [misc] print 100%% of it (A B) [1]",
      "",
      "* Mon Jun 03 2013 Kyle McMartin <kyle@redhat.com>",
      "- [redhat] initial import",
      "Resolves: RHEL-1",
    ].join("\n");
    const result = parseChangelog(spec);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.skippedLines).toBe(0);
    expect(result.builds.map((b) => [b.build, b.stream, b.entries.map((e) => e.text)])).toEqual([
      [
        "2.6.32-364.el6",
        "el6",
        [
          "[net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]",
          "[misc] print 100% of it (A B) [1]",
        ],
      ],
      [null, "el6", ["[redhat] initial import"]],
    ]);
    expect(result.builds[0]?.entries[0]?.identifiers).toEqual(["tcp_v4_err"]);
  });

  it("reads headers whose version sits in brackets after a dash-less name, and CRLF text", () => {
    const result = parseChangelog(EL6.replaceAll("\n", "\r\n"));
    expect(result.ok && result.builds.map((b) => b.build)).toEqual(["2.6.32-364.el6", "2.6.32-363.el6"]);
  });

  it("streams: the same result fed in small chunks", () => {
    const whole: string[] = [];
    const chunked: string[] = [];
    const collect = (out: string[]) =>
      createChangelogScanner({ header: (h) => out.push(`* ${h.build}`), entry: (e) => out.push(e) });
    const a = collect(whole);
    a.write(EL6);
    a.end();
    const b = collect(chunked);
    for (let i = 0; i < EL6.length; i += 7) b.write(EL6.slice(i, i + 7));
    b.end();
    expect(chunked).toEqual(whole);
    expect(whole).toHaveLength(6);
  });

  it("answers a value, never throws, for texts that are not changelogs", () => {
    expect(parseChangelog("")).toMatchObject({ ok: false });
    expect(parseChangelog("kernel BUG at net/ipv4/tcp_ipv4.c:417!\nCall Trace:\n")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("no changelog header"),
    });
    expect(parseChangelog("* Thu Feb 28 2013 Jarod Wilson <jarod@redhat.com> [2.6.32-364.el6]\n")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("no '- ' entries"),
    });
    expect(parseChangelog("* Mon Jan 01 2024 Someone <a@b.c> - 5.2.15-1\n- bash update\n")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("RHEL kernel"),
    });
    expect(
      parseChangelog("* Mon Jan 01 2024 Someone <a@b.c> - 5.2.15-1\n- bash update\n", { stream: "el9" }),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe("describeBuild and firstReleaseOf", () => {
  it.each<[string, string | null, boolean, string | null, string | null]>([
    ["2.6.32-364.el6", "el6", false, "6.5", "2.6.32-431.el6"],
    ["2.6.32-431.el6", "el6", false, "6.5", "2.6.32-431.el6"],
    ["2.6.32-451.el6", "el6", false, "6.6", "2.6.32-504.el6"],
    ["2.6.32-754.25.1.el6", "el6", true, "6.10", "2.6.32-754.25.1.el6"],
    ["3.10.0-514.26.2.el7", "el7", true, "7.3", "3.10.0-514.26.2.el7"],
    ["4.18.0-193.5.el8", "el8", false, "8.3", "4.18.0-240.el8"],
    ["5.14.0-427.5.1.el9_4", "el9", true, "9.4", "5.14.0-427.13.1.el9_4"],
    ["5.14.0-570.20.1.el9_6", "el9", true, "9.6", "5.14.0-570.20.1.el9_6"],
    ["5.14.0-503.el9", "el9", false, "9.5", "5.14.0-503.11.1.el9_5"],
    ["5.14.0-650.el9", "el9", false, "9.8", "5.14.0-687.?.el9_8"],
    ["5.14-1", null, false, null, null],
  ])("%s", (label, stream, isZStream, minor, kernel) => {
    const info = describeBuild(label);
    expect([info.stream, info.isZStream]).toEqual([stream, isZStream]);
    const release = firstReleaseOf(info);
    expect([release?.minor ?? null, release?.kernel ?? null]).toEqual([minor, kernel]);
  });
});

describe("mergeBuilds", () => {
  const parsed = parseChangelog(EL6);
  const older = parseChangelog(EL6.slice(EL6.indexOf("* Wed")));
  if (!parsed.ok || !older.ok) throw new Error("fixture does not parse");

  it("adds new builds newest first and reports them", () => {
    const first = mergeBuilds({ stream: "el6", builds: [] }, older.builds);
    expect(first.added).toMatchObject({ newBuilds: ["2.6.32-363.el6"], newEntries: 2 });
    const second = mergeBuilds(first.history, parsed.builds);
    expect(second.added).toMatchObject({ newBuilds: ["2.6.32-364.el6"], newEntries: 2, unchangedBuilds: 1 });
    expect(second.history.builds.map((b) => b.build)).toEqual(["2.6.32-364.el6", "2.6.32-363.el6"]);
  });

  it("is idempotent: the same builds again, or twice in one import, add nothing", () => {
    const once = mergeBuilds({ stream: "el6", builds: [] }, [...parsed.builds, ...parsed.builds]);
    expect(once.history.builds).toHaveLength(2);
    const again = mergeBuilds(once.history, parsed.builds);
    expect(again.added).toMatchObject({ newBuilds: [], newEntries: 0, unchangedBuilds: 2, differingBuilds: [] });
    expect(again.history).toEqual(once.history);
  });

  it("keeps the stored copy of a build whose entries differ, and says so", () => {
    const base = mergeBuilds({ stream: "el6", builds: [] }, parsed.builds).history;
    const changed = parseChangelog(EL6.replace("(Jiri Benc)", "(J. Benc)"));
    if (!changed.ok) throw new Error("does not parse");
    const result = mergeBuilds(base, changed.builds);
    expect(result.added.differingBuilds).toEqual(["2.6.32-364.el6"]);
    expect(result.history.builds[0]?.entries[0]?.author).toBe("Jiri Benc");
  });

  it("routes builds by stream and skips builds of another stream", () => {
    const el9 = parseChangelog(EL9);
    if (!el9.ok) throw new Error("does not parse");
    const { histories, added } = mergeIntoHistories([], [...parsed.builds, ...el9.builds]);
    expect(histories.map((h) => [h.stream, h.builds.length])).toEqual([
      ["el6", 2],
      ["el9", 1],
    ]);
    expect(added.map((a) => a.newEntries)).toEqual([4, 2]);
    expect(mergeBuilds({ stream: "el6", builds: [] }, el9.builds).added.skipped).toHaveLength(1);
  });
});
