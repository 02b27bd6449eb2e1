import { describe, expect, it } from "vitest";
import { exitCodeFor, formatProgressLine, formatSummary, type FileResult } from "./summary";

const uploaded: FileResult = {
  file: "a/vmcore-dmesg.txt",
  outcome: "uploaded",
  id: "7",
  url: "/panics/7",
  title: "kernel BUG in tcp_v4_err",
  bugId: "rhel6-tcp",
  needsUpdate: true,
};
const duplicate: FileResult = { file: "b/vmcore-dmesg.txt", outcome: "duplicate", id: "3", url: "/panics/3" };
const rejected: FileResult = {
  file: "c/crash.txt",
  outcome: "rejected",
  status: 422,
  error: "no_crash_detected",
  message: "No kernel crash found",
};
const failed: FileResult = { file: "d/vmcore-dmesg.txt", outcome: "failed", message: "ECONNREFUSED" };

describe("formatSummary", () => {
  it("prints totals only when everything is stored", () => {
    expect(formatSummary([uploaded, duplicate])).toBe("2 files: 1 uploaded, 1 duplicate, 0 rejected\n");
  });

  it("lists each rejected and failed file with its reason", () => {
    expect(formatSummary([uploaded, duplicate, duplicate, rejected, failed])).toBe(
      [
        "5 files: 1 uploaded, 2 duplicates, 1 rejected, 1 failed",
        "rejected:",
        "  c/crash.txt: 422 no_crash_detected: No kernel crash found",
        "failed (not stored; re-run to retry, duplicates are recognized):",
        "  d/vmcore-dmesg.txt: ECONNREFUSED",
        "",
      ].join("\n"),
    );
  });
});

describe("formatProgressLine", () => {
  it("shows the counter, the outcome and where the panic is", () => {
    expect(formatProgressLine(uploaded, 3, 12, "http://pb:3000")).toBe(
      "[ 3/12] uploaded  a/vmcore-dmesg.txt → http://pb:3000/panics/7  kernel BUG in tcp_v4_err (known bug rhel6-tcp, host needs a kernel update)",
    );
    expect(formatProgressLine(rejected, 1, 1, "http://pb")).toBe(
      "[1/1] rejected  c/crash.txt: 422 no_crash_detected: No kernel crash found",
    );
  });
});

describe("exitCodeFor", () => {
  it("is non-zero when anything was rejected or failed", () => {
    expect(exitCodeFor([uploaded, duplicate])).toBe(0);
    expect(exitCodeFor([uploaded, rejected])).toBe(1);
    expect(exitCodeFor([failed])).toBe(1);
  });
});
