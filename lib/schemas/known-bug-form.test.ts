import { describe, expect, it } from "vitest";
import { referenceSchema } from "../kb/schema";
import { FORM_STREAMS, knownBugFormSchema } from "./known-bug-form";

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
