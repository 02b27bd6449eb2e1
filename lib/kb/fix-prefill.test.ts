import { describe, expect, it } from "vitest";
import {
  describeFirstRelease,
  describeMatch,
  type FixCandidateFields,
  fixCandidateKey,
  isFixOfKnownBug,
  prefillFromFix,
} from "./fix-prefill";
import { loadCatalogue } from "./catalogue";
import { knownBugSchema } from "./schema";

const SEED_FIX: FixCandidateFields = {
  build: "2.6.32-364.el6",
  stream: "el6",
  date: "2013-02-28",
  firstRelease: { minor: "6.5", kernel: "2.6.32-431.el6", isGa: true },
  text: "[net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]",
  summary: "tcp: Don't change unlocked socket state in tcp_v4_err()",
  bugs: ["757658"],
  jira: [],
  cves: [],
  links: ["https://bugzilla.redhat.com/show_bug.cgi?id=757658"],
  matched: [{ name: "tcp_v4_err", role: "guilty", position: 0 }],
  zStreams: [],
};

describe("fixCandidateKey", () => {
  it("is the first Bugzilla id, else the Jira key, else the CVE", () => {
    expect(fixCandidateKey(SEED_FIX)).toBe("757658");
    expect(fixCandidateKey({ ...SEED_FIX, bugs: [], jira: ["RHEL-1234"], cves: ["CVE-2024-1"] })).toBe("RHEL-1234");
    expect(fixCandidateKey({ ...SEED_FIX, bugs: [], cves: ["CVE-2024-1"] })).toBe("CVE-2024-1");
  });

  it("is a stable hash of the summary when the entry names no bug", () => {
    const key = fixCandidateKey({ ...SEED_FIX, bugs: [] });
    expect(key).toMatch(/^s[0-9a-f]{8}$/);
    expect(fixCandidateKey({ ...SEED_FIX, bugs: [], summary: SEED_FIX.summary.toUpperCase() })).toBe(key);
    expect(fixCandidateKey({ ...SEED_FIX, bugs: [], summary: "another fix" })).not.toBe(key);
  });
});

describe("prefillFromFix", () => {
  it("maps the seed fix to the form: title, description, bugzilla link, el6 fixed in the 6.5 GA kernel", () => {
    const prefill = prefillFromFix([SEED_FIX], "2.6.32-279.14.1.el6.x86_64");
    expect(prefill).toMatchObject({
      id: "RHBZ-757658",
      title: "tcp: Don't change unlocked socket state in tcp_v4_err()",
      references: ["https://bugzilla.redhat.com/show_bug.cgi?id=757658"],
      fixedIn: { el6: "2.6.32-431.el6" },
      backports: {},
    });
    expect(prefill?.description).toContain(SEED_FIX.text);
    expect(prefill?.description).toContain("2.6.32-364.el6 (2013-02-28)");
    expect(prefill?.description).toContain("First shipped in RHEL 6.5 — 2.6.32-431.el6.");
    expect(prefill?.description).toContain("tcp_v4_err (the guilty frame)");
  });

  it("lists the z-streams with the same fix as backports, older than the main-line fix, in rpm order", () => {
    const prefill = prefillFromFix(
      [{ ...SEED_FIX, zStreams: ["2.6.32-358.14.1.el6", "2.6.32-279.33.1.el6", "2.6.32-431.5.1.el6"] }],
      "2.6.32-279.14.1.el6",
    );
    expect(prefill?.fixedIn).toEqual({ el6: "2.6.32-431.el6" });
    expect(prefill?.backports).toEqual({ el6: ["2.6.32-279.33.1.el6", "2.6.32-358.14.1.el6"] });
    expect(prefill?.description).toContain(
      "Z-stream builds with the same fix: 2.6.32-279.33.1.el6, 2.6.32-358.14.1.el6.",
    );
  });

  it("a z-stream build after its minor's GA: no main-line fixed-in, the build is a backport", () => {
    const prefill = prefillFromFix(
      [
        {
          ...SEED_FIX,
          build: "2.6.32-754.25.1.el6",
          firstRelease: { minor: "6.10", kernel: "2.6.32-754.25.1.el6", isGa: false },
          zStreams: ["2.6.32-696.30.1.el6"],
        },
      ],
      "2.6.32-754.6.3.el6",
    );
    expect(prefill?.fixedIn).toEqual({});
    expect(prefill?.backports).toEqual({ el6: ["2.6.32-696.30.1.el6", "2.6.32-754.25.1.el6"] });
  });

  it("a main-line build after the last known GA is its own fixed-in", () => {
    const prefill = prefillFromFix([{ ...SEED_FIX, build: "4.18.0-211.el8", firstRelease: null }], "4.18.0-193.el8");
    expect(prefill?.fixedIn).toEqual({ el8: "4.18.0-211.el8" });
    expect(prefill?.description).toContain("not in a released minor");
  });

  it("joins the entries of one bug in a build; drops links that are not http(s)", () => {
    const second = { ...SEED_FIX, text: "[net] tcp: second part (Jiri Benc) [757658]", summary: "tcp: second part" };
    const prefill = prefillFromFix([SEED_FIX, { ...second, links: ["javascript:alert(1)"] }], "2.6.32-279.el6");
    expect(prefill?.description).toContain("entries of 2.6.32-364.el6");
    expect(prefill?.description).toContain("- [net] tcp: second part");
    expect(prefill?.references).toEqual(SEED_FIX.links);
    expect(prefillFromFix([], "2.6.32-279.el6")).toBeNull();
  });

  it("gives values the known-bug schema accepts", () => {
    const prefill = prefillFromFix([{ ...SEED_FIX, zStreams: ["2.6.32-358.14.1.el6"] }], "2.6.32-279.14.1.el6");
    if (!prefill) throw new Error("expected a prefill");
    const bug = knownBugSchema.safeParse({
      id: prefill.id,
      title: prefill.title,
      description: prefill.description,
      confidence: "unconfirmed",
      confidenceNotes: "test",
      references: prefill.references.map((url) => ({ kind: "bugzilla", url, confidence: "unconfirmed" })),
      match: [{ id: "t", description: "t", confidence: 0.5, functions: ["tcp_v4_err"] }],
      fixedIn: {
        el6: { fixedIn: prefill.fixedIn.el6, backports: prefill.backports.el6, confidence: "unconfirmed" },
      },
    });
    expect(bug.error).toBeUndefined();
  });
});

describe("labels", () => {
  it("say why an entry matched and where it first shipped", () => {
    expect(describeMatch({ name: "__netif_receive_skb", role: "frame", position: 8 })).toBe(
      "__netif_receive_skb (call-trace frame 8)",
    );
    expect(describeFirstRelease(SEED_FIX)).toBe("RHEL 6.5 — 2.6.32-431.el6");
    expect(describeFirstRelease({ firstRelease: { minor: "6.10", kernel: "2.6.32-754.25.1.el6", isGa: false } })).toBe(
      "RHEL 6.10 z-stream — 2.6.32-754.25.1.el6",
    );
    expect(describeFirstRelease({ firstRelease: null })).toBeNull();
  });
});

describe("isFixOfKnownBug", () => {
  const catalogue = loadCatalogue();
  const bug = (id: string) => {
    const found = catalogue.find((b) => b.id === id);
    if (!found) throw new Error(`${id} is not in the catalogue`);
    return found;
  };

  it("knows the seed entry as the seed bug's fix by the Bugzilla id the bug references", () => {
    expect(isFixOfKnownBug(SEED_FIX, bug("rhel6-tcp_v4_err-BUG_ON-skb"))).toBe(true);
    expect(isFixOfKnownBug({ ...SEED_FIX, bugs: ["1014878"] }, bug("rhel6-tcp_v4_err-BUG_ON-skb"))).toBe(false);
    expect(isFixOfKnownBug(SEED_FIX, bug("CVE-2014-0101"))).toBe(false);
  });

  it("reads the bug's own id (RHBZ-, CVE-, RHEL-) and reference URLs as well", () => {
    const plain = { id: "RHBZ-785959", references: [] };
    expect(isFixOfKnownBug({ bugs: ["785959"], cves: [], jira: [] }, plain)).toBe(true);
    expect(isFixOfKnownBug({ bugs: [], cves: ["cve-2014-0101"], jira: [] }, bug("CVE-2014-0101"))).toBe(true);
    expect(isFixOfKnownBug({ bugs: [], cves: [], jira: ["RHEL-4242"] }, { id: "RHEL-4242", references: [] })).toBe(
      true,
    );
    const byUrl = {
      id: "local-1",
      references: [{ kind: "bugzilla", url: "https://bugzilla.redhat.com/show_bug.cgi?id=1067451" }],
    };
    expect(isFixOfKnownBug({ bugs: ["1067451"], cves: [], jira: [] }, byUrl)).toBe(true);
    expect(isFixOfKnownBug({ bugs: [], cves: [], jira: [] }, bug("CVE-2014-0101"))).toBe(false);
  });
});
