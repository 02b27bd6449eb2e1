import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUG_FILES } from "./bugs";
import { canonicalJson, catalogueHash, loadCatalogue, validateKnownBugs } from "./catalogue";
import type { KnownBug } from "./schema";

const BUGS_DIR = fileURLToPath(new URL("./bugs/", import.meta.url));

describe("catalogue files", () => {
  it("lists every JSON file of lib/kb/bugs in bugs/index.ts", () => {
    const files = readdirSync(BUGS_DIR)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -".json".length))
      .sort();
    expect(Object.keys(BUG_FILES).sort()).toEqual(files);
    const index = readFileSync(`${BUGS_DIR}index.ts`, "utf8");
    for (const file of files) expect(index).toContain(`from "./${file}.json"`);
  });

  it("loads and validates the starter catalogue", () => {
    const bugs = loadCatalogue();
    expect(bugs.map((b) => [b.id, b.confidence])).toEqual([
      ["CVE-2012-4565", "partial"],
      ["CVE-2014-0101", "unconfirmed"],
      ["CVE-2019-11477", "confirmed"],
      ["RHBZ-675815", "partial"],
      ["RHBZ-785959", "partial"],
      ["RHBZ-786956", "partial"],
      ["RHBZ-843771", "partial"],
      ["rhel6-tcp_v4_err-BUG_ON-skb", "confirmed"],
    ]);
  });

  it("carries the seed bug's facts", () => {
    const seed = loadCatalogue().find((b) => b.id === "rhel6-tcp_v4_err-BUG_ON-skb");
    expect(seed?.fixedIn.el6).toMatchObject({
      fixedIn: "2.6.32-431.el6",
      firstAffected: "2.6.32-71.el6",
      backports: [],
    });
    expect(seed?.fixedIn.upstream).toMatchObject({ fixedIn: "2.6.37", confidence: "unconfirmed" });
    expect(seed?.references.find((r) => r.kind === "upstream-fix")?.id).toBe(
      "8f49c2703b33519aaaccc63f571b465b9d2b3a2d",
    );
  });
});

describe("validateKnownBugs", () => {
  const valid = loadCatalogue()[0] as KnownBug;

  it.each<[string, unknown, string]>([
    [
      "a bad regex",
      { ...valid, match: [{ id: "r", description: "d", confidence: 1, messagePattern: "(" }] },
      "match.0.messagePattern: not a valid regular expression",
    ],
    [
      "a rule without conditions",
      { ...valid, match: [{ id: "r", description: "d", confidence: 1 }] },
      "match.0: a rule needs a title pattern, a message pattern, functions or a call trace",
    ],
    [
      "a fixed-in from another stream",
      { ...valid, fixedIn: { el7: { fixedIn: "2.6.32-431.el6", confidence: "confirmed" } } },
      "fixedIn.el7: '2.6.32-431.el6' is not a el7 kernel",
    ],
    [
      "a fixed-in with arch",
      { ...valid, fixedIn: { el6: { fixedIn: "2.6.32-431.el6.x86_64", confidence: "confirmed" } } },
      "fixedIn.el6: '2.6.32-431.el6.x86_64': write version-release without the arch",
    ],
    ["an unknown field", { ...valid, severity: "high" }, `(root): Unrecognized key: "severity"`],
  ])("reports %s as an issue", (_, data, message) => {
    const { bugs, issues } = validateKnownBugs([{ source: "x", data }]);
    expect(bugs).toEqual([]);
    expect(issues).toContainEqual({ source: "x", message });
  });

  it("reports duplicate ids", () => {
    const { bugs, issues } = validateKnownBugs([
      { source: "a", data: valid },
      { source: "b", data: valid },
    ]);
    expect(bugs).toHaveLength(1);
    expect(issues).toEqual([{ source: "b", message: `duplicate bug id '${valid.id}'` }]);
  });
});

describe("catalogueHash", () => {
  const bugs = loadCatalogue();

  it("is a stable sha-256 independent of order and key order", () => {
    const hash = catalogueHash(bugs);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(catalogueHash([...bugs].reverse())).toBe(hash);
    const reordered = bugs.map((b) => JSON.parse(canonicalJson(b)) as KnownBug);
    expect(catalogueHash(reordered)).toBe(hash);
  });

  it("changes when a bug changes", () => {
    const hash = catalogueHash(bugs);
    const changed = bugs.map((b, i) => (i === 0 ? { ...b, title: `${b.title}!` } : b));
    expect(catalogueHash(changed)).not.toBe(hash);
    expect(catalogueHash(bugs.slice(1))).not.toBe(hash);
  });

  it("canonicalJson sorts keys at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});
