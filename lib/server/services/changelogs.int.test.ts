import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../db";
import { AppError } from "../errors";
import {
  CHANGELOG_POLL_MS,
  findChangelogBuild,
  getChangelogStatus,
  importChangelog,
  readChangelog,
  searchChangelogFixes,
} from "./changelogs";

/** Two el7 z-stream builds the bundled data lacks (it stops at 514.26.2), and its newest bundled build. */
const EL7_SNIPPET = `* Tue Jun 04 2024 Rado Vrbovsky <rvrbovsk@redhat.com> [3.10.0-1160.119.1.el7]
- [net] tcp: fix a NULL pointer dereference in pbtest_tcp_retransmit() (Jiri Benc) [2001234]
- [fs] xfs: don't leak a buffer in pbtest_xfs_iflush()
  on a shutdown filesystem (Brian Foster) [2001235]

* Mon May 06 2024 Rado Vrbovsky <rvrbovsk@redhat.com> [3.10.0-1160.118.1.el7]
- [mm] fix a race in pbtest_shrink_slab() (Rafael Aquini) [2001236]

* Fri Jun 30 2017 Frantisek Hrbata <fhrbata@hrbata.com> [3.10.0-514.26.2.el7]
- [mm] a different text for a bundled build: the bundled copy stays (Frantisek Hrbata) [1466138]
`;

const bundledText = (stream: string) =>
  gunzipSync(readFileSync(new URL(`../../changelog/data/${stream}.changelog.gz`, import.meta.url))).toString("utf8");

/** The first `count` builds of a bundled changelog, as `rpm -q --changelog` prints them. */
function bundledSlice(stream: string, count: number): string {
  const text = bundledText(stream);
  let at = -1;
  for (let i = 0; i < count; i++) {
    at = text.indexOf("\n* ", at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at + 1);
}

/** The el7 builds: this file's (app/api/changelogs imports el8, the CLI's test el6, into the run's one database). */
async function rows() {
  return getDb().changelogBuild.findMany({ where: { stream: "el7" }, orderBy: { id: "asc" } });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("readChangelog", () => {
  it("reads builds with their entry lines, continuation lines joined", () => {
    const read = readChangelog(EL7_SNIPPET);
    expect(read.streams).toEqual(["el7"]);
    expect(read.builds.map((b) => [b.build, b.date, b.author, b.entries.length])).toEqual([
      ["3.10.0-1160.119.1.el7", "2024-06-04", "Rado Vrbovsky", 2],
      ["3.10.0-1160.118.1.el7", "2024-05-06", "Rado Vrbovsky", 1],
      ["3.10.0-514.26.2.el7", "2017-06-30", "Frantisek Hrbata", 1],
    ]);
    expect(read.builds[0]?.entries[1]).toBe(
      "[fs] xfs: don't leak a buffer in pbtest_xfs_iflush() on a shutdown filesystem (Brian Foster) [2001235]",
    );
  });

  it("says why a text is not a changelog", () => {
    for (const text of ["", "hello\nworld\n", "* Tue Jun 04 2024 Someone <a@b> [1.2-3.fc39]\n- a fedora entry\n"]) {
      let error: unknown;
      try {
        readChangelog(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("no_changelog_detected");
      expect((error as AppError).details).toMatchObject({ reason: expect.any(String) });
    }
  });
});

describe("importing changelogs on a real PostgreSQL", () => {
  it("stores only builds neither bundled nor imported; a re-import changes nothing", async () => {
    const before = (await getChangelogStatus()).find((s) => s.stream === "el7")!;
    expect(before).toMatchObject({ importedBuilds: 0, newest: "3.10.0-514.26.2.el7" });

    const first = await importChangelog(EL7_SNIPPET, { source: "api", importedBy: "fleet" });
    expect(first).toEqual({
      added: true,
      streams: [
        {
          stream: "el7",
          buildsAdded: 2,
          entriesAdded: 3,
          builds: before.bundledBuilds + 2,
          newest: "3.10.0-1160.119.1.el7",
        },
      ],
    });
    const stored = await rows();
    expect(stored.map((r) => [r.stream, r.build, r.entryCount, r.source, r.importedBy])).toEqual([
      ["el7", "3.10.0-1160.119.1.el7", 2, "api", "fleet"],
      ["el7", "3.10.0-1160.118.1.el7", 1, "api", "fleet"],
    ]);
    expect(stored[0]?.date?.toISOString()).toBe("2024-06-04T00:00:00.000Z");

    const again = await importChangelog(EL7_SNIPPET, { source: "cli", importedBy: null });
    expect(again.added).toBe(false);
    expect(again.streams).toEqual([{ ...first.streams[0], buildsAdded: 0, entriesAdded: 0 }]);
    expect(await rows()).toEqual(stored);

    const status = (await getChangelogStatus()).find((s) => s.stream === "el7")!;
    expect(status).toMatchObject({
      newest: "3.10.0-1160.119.1.el7",
      builds: before.bundledBuilds + 2,
      entries: before.bundledEntries + 3,
      importedBuilds: 2,
      importedEntries: 3,
    });
    expect(status.lastImportAt).toEqual(stored[1]?.createdAt);

    expect(await findChangelogBuild("3.10.0-1160.119.1.el7.x86_64")).toEqual({
      stream: "el7",
      build: "3.10.0-1160.119.1.el7",
      origin: "imported",
    });
    expect(await findChangelogBuild("3.10.0-514.26.2.el7")).toMatchObject({ origin: "bundled" });
    expect(await findChangelogBuild("3.10.0-1160.120.1.el7")).toBeNull();
    expect(await findChangelogBuild("6.5.0-1.fc39")).toBeNull();
  });

  it("writes nothing for a text that is not a changelog", async () => {
    const count = await getDb().changelogBuild.count();
    await expect(
      importChangelog("kernel BUG at net/ipv4/tcp_ipv4.c:417!\n", { source: "api", importedBy: null }),
    ).rejects.toMatchObject({ code: "no_changelog_detected" });
    expect(await getDb().changelogBuild.count()).toBe(count);
  });

  it("a real slice of the bundled data adds nothing: bundled builds are never copied", async () => {
    const count = await getDb().changelogBuild.count();
    const slice = bundledSlice("el9", 40);
    const read = readChangelog(slice);
    expect(read.builds).toHaveLength(40);
    expect(read.builds[0]?.build).toBe("5.14.0-570.32.1.el9_6");
    const result = await importChangelog(slice, { source: "api", importedBy: null });
    expect(result.added).toBe(false);
    const el9 = (await getChangelogStatus()).find((s) => s.stream === "el9")!;
    expect(result.streams).toEqual([
      { stream: "el9", buildsAdded: 0, entriesAdded: 0, builds: el9.bundledBuilds, newest: "5.14.0-570.32.1.el9_6" },
    ]);
    expect(await getDb().changelogBuild.count()).toBe(count);
  });

  it("finds fixes in imported builds at once, and in other processes' rows within the poll interval", async () => {
    const query = { kernel: "3.10.0-1160.118.1.el7.x86_64", functions: ["pbtest_tcp_retransmit"] };
    const found = await searchChangelogFixes(query);
    expect(found.candidates.map((c) => c.build)).toEqual(["3.10.0-1160.119.1.el7"]);
    expect(found.candidates[0]).toMatchObject({ bugs: ["2001234"], matched: [{ name: "pbtest_tcp_retransmit" }] });
    // A bundled build's entries are searched too.
    const bundled = await searchChangelogFixes({
      kernel: "3.10.0-514.21.1.el7.x86_64",
      functions: ["unmapped_area_topdown"],
    });
    expect(bundled.candidates[0]?.build).toBe("3.10.0-514.26.2.el7");

    // Another process imports a build: a row this process did not write.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const other = { kernel: "3.10.0-1160.119.1.el7.x86_64", functions: ["pbtest_other_process"] };
    expect((await searchChangelogFixes(other)).candidates).toEqual([]);
    await getDb().$executeRaw`
      INSERT INTO changelog_builds (stream, build, date, author, entries, entry_count, source)
      VALUES ('el7', '3.10.0-1160.120.1.el7', '2024-07-01', 'Elsewhere',
              ARRAY['[net] fix a crash in pbtest_other_process() (Someone) [2001237]'], 1, 'cli')`;
    expect((await searchChangelogFixes(other)).candidates).toEqual([]);
    vi.advanceTimersByTime(CHANGELOG_POLL_MS + 1);
    const seen = await searchChangelogFixes(other);
    expect(seen.candidates.map((c) => c.build)).toEqual(["3.10.0-1160.120.1.el7"]);

    // An import in this process is searched at once, without waiting for the poll.
    await importChangelog(
      "* Thu Aug 01 2024 Here <h@example.com> [3.10.0-1160.121.1.el7]\n- [net] fix pbtest_this_process() (Here) [2001238]\n",
      { source: "api", importedBy: null },
    );
    const mine = await searchChangelogFixes({ kernel: other.kernel, functions: ["pbtest_this_process"] });
    expect(mine.candidates.map((c) => c.build)).toEqual(["3.10.0-1160.121.1.el7"]);
  });
});
