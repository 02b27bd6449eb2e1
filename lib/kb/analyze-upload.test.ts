import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeUpload, normalizeForHash, rematchUpload, sha256Hex, type UploadAnalysis } from "./analyze-upload";
import { loadCatalogue } from "./catalogue";

const SEED = readFileSync(join("lib", "crash", "fixtures", "rhel", "rhel6-seed-session.txt"), "utf8");
const DMESG = readFileSync(join("lib", "crash", "fixtures", "rhel", "rhel6-vmcore-dmesg.txt"), "utf8");
const SEED_BUG = "rhel6-tcp_v4_err-BUG_ON-skb";
const bugs = loadCatalogue();

function analysisOf(result: ReturnType<typeof analyzeUpload>): UploadAnalysis {
  if (!result.ok) throw new Error(`rejected: ${result.code}: ${result.message}`);
  return result.analysis;
}

describe("analyzeUpload", () => {
  it("gives ingestion everything it stores: host, kernel, title, signature group and match", () => {
    const analysis = analysisOf(analyzeUpload({ text: SEED, hostname: "lb-01" }, bugs));
    expect(analysis).toMatchObject({
      hostname: "lb-01",
      kernelRelease: "2.6.32-279.14.1.el6.x86_64",
      rhelRelease: "6.3",
      title: "kernel BUG in tcp_v4_err",
      fingerprint: analysis.report.signature,
      sha256: sha256Hex(normalizeForHash(SEED)),
      match: { bugId: SEED_BUG, fixedIn: "2.6.32-431.el6", regression: false },
    });
    expect(analysis.crashTime?.toISOString()).toBe("2013-09-27T16:19:55.000Z");
  });

  it("reads the host from the text's NODENAME, and lets the upload's fields override the text", () => {
    expect(analysisOf(analyzeUpload({ text: SEED }, bugs)).hostname).toBe("xxxxxx(masked)");
    const crashTime = new Date("2024-01-02T03:04:05Z");
    const analysis = analysisOf(
      analyzeUpload({ text: SEED, hostname: "lb-02", kernelRelease: "2.6.32-431.el6.x86_64", crashTime }, bugs),
    );
    expect(analysis).toMatchObject({ hostname: "lb-02", kernelRelease: "2.6.32-431.el6.x86_64", rhelRelease: "6.5" });
    expect(analysis.crashTime).toBe(crashTime);
    expect(analysis.match).toMatchObject({ bugId: SEED_BUG, regression: true });
  });

  it("rejects, as a value, a text without a crash, one without a host and one whose NODENAME is no hostname", () => {
    expect(analyzeUpload({ text: "just some boot noise\nnothing else\n", hostname: "x" }, bugs)).toMatchObject({
      ok: false,
      code: "no_crash_detected",
      details: { reason: expect.any(String) },
    });
    expect(analyzeUpload({ text: DMESG }, bugs)).toMatchObject({ ok: false, code: "hostname_required" });
    const badHost = SEED.replace("NODENAME: XXXXXX(masked)", "NODENAME: lb/01");
    expect(analyzeUpload({ text: badHost }, bugs)).toMatchObject({ ok: false, code: "validation_failed" });
    expect(analyzeUpload({ text: badHost, hostname: "lb-01" }, bugs).ok).toBe(true);
  });

  it("leaves the crash time to ingestion when neither the upload nor the text has one", () => {
    const analysis = analysisOf(analyzeUpload({ text: DMESG, hostname: "h" }, bugs));
    expect(analysis.crashTime).toBeNull();
  });

  it("takes a DATE from a wrong clock (year 0, 9999, before 1991, days ahead) as unknown", () => {
    const dated = (date: string) =>
      analysisOf(analyzeUpload({ text: SEED.replace("Fri Sep 27 16:19:55 2013", date), hostname: "h" }, bugs));
    expect(dated("Sat Jan  1 00:00:00 0000").crashTime).toBeNull();
    expect(dated("Fri Dec 31 23:59:59 9999").crashTime).toBeNull();
    expect(dated("Thu Jan  1 00:00:12 1970").crashTime).toBeNull();
    const soon = new Date(Date.now() + 3 * 86_400_000);
    const ctime = soon.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, "$1 $3 $2 $5 UTC $4");
    expect(dated(ctime).report.crashTime).not.toBeNull();
    expect(dated(ctime).crashTime).toBeNull();
    expect(dated("Mon Jan  7 00:00:00 1991").crashTime?.toISOString()).toBe("1991-01-07T00:00:00.000Z");
  });

  it("matches against the catalogue it is given, and again against a changed one", () => {
    const analysis = analysisOf(analyzeUpload({ text: SEED, hostname: "lb-01" }, []));
    expect(analysis.match).toBeNull();
    expect(rematchUpload(analysis, bugs).match?.bugId).toBe(SEED_BUG);
  });

  it("hashes the text without line-end and trailing-blank differences", () => {
    expect(normalizeForHash("a \r\nb\r\n\r\n")).toBe("a\nb");
    const crlf = analysisOf(analyzeUpload({ text: SEED.replace(/\n/g, "\r\n"), hostname: "h" }, bugs));
    expect(crlf.sha256).toBe(analysisOf(analyzeUpload({ text: SEED, hostname: "h" }, bugs)).sha256);
  });
});
