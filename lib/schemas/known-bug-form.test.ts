import { describe, expect, it } from "vitest";
import { referenceSchema } from "../kb/schema";
import { FORM_STREAMS, knownBugFormSchema, newBugSearchSchema } from "./known-bug-form";

const form = (references: string) => ({
  signatureId: "1",
  id: "",
  title: "t",
  description: "d",
  references,
  fixedIn: Object.fromEntries(FORM_STREAMS.map((stream) => [stream, ""])),
});

describe("known-bug reference links", () => {
  it("take http and https URLs", () => {
    const parsed = knownBugFormSchema.parse(form("https://bugzilla.redhat.com/1\nhttp://lkml.org/x"));
    expect(parsed.references).toEqual(["https://bugzilla.redhat.com/1", "http://lkml.org/x"]);
  });

  it("refuse javascript:, data: and other schemes, in the form and in catalogue files", () => {
    for (const url of [
      "javascript:alert(document.cookie)",
      "JavaScript:alert(1)",
      "data:text/html,<script>1</script>",
      "file:///etc/passwd",
      "vbscript:x",
    ]) {
      const result = knownBugFormSchema.safeParse(form(url));
      expect(result.success, url).toBe(false);
      expect(result.error?.issues.map((i) => i.path)).toEqual([["references", 0]]);
      expect(referenceSchema.safeParse({ kind: "article", url, confidence: "confirmed" }).success, url).toBe(false);
    }
    expect(
      referenceSchema.safeParse({ kind: "article", url: "https://x.example/a", confidence: "confirmed" }).success,
    ).toBe(true);
  });
});

describe("z-stream backports", () => {
  it("take kernels one per line, or separated by spaces or commas; none when absent", () => {
    expect(knownBugFormSchema.parse(form("")).backports).toEqual([]);
    const parsed = knownBugFormSchema.parse({ ...form(""), backports: "2.6.32-358.14.1.el6\n 2.6.32-279.33.1.el6, " });
    expect(parsed.backports).toEqual(["2.6.32-358.14.1.el6", "2.6.32-279.33.1.el6"]);
    const bad = knownBugFormSchema.safeParse({ ...form(""), backports: "2.6.32-358.14.1.el6 <script>" });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([["backports", 1]]);
  });
});

describe("/bugs/new search parameters", () => {
  it("read fix=panic:build:key; a malformed fix reads as absent, a malformed signature fails", () => {
    expect(newBugSearchSchema.parse({ signature: "5", fix: "12:2.6.32-364.el6:757658" })).toEqual({
      signature: 5,
      fix: { panicId: 12n, build: "2.6.32-364.el6", key: "757658" },
    });
    for (const fix of ["12:../../etc:1", "0:2.6.32-364.el6:1", "12:2.6.32-364.el6", "99999999999999999999:a:b", ""]) {
      expect(newBugSearchSchema.parse({ signature: "5", fix }).fix, fix).toBeUndefined();
    }
    expect(newBugSearchSchema.parse({ signature: ["7", "8"], fix: ["1:a:b", "2:c:d"] })).toEqual({
      signature: 7,
      fix: { panicId: 1n, build: "a", key: "b" },
    });
    expect(newBugSearchSchema.safeParse({ signature: "x" }).success).toBe(false);
  });
});
