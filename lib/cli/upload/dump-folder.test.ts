import { describe, expect, it } from "vitest";
import {
  formatDumpFolderTime,
  isLooseTextFile,
  isLoopbackAddress,
  parseDumpFolderName,
  selectDumpFiles,
} from "./dump-folder";

describe("parseDumpFolderName", () => {
  it.each([
    ["127.0.0.1-2013-09-27-16:21:01", "127.0.0.1", [2013, 9, 27, 16, 21, 1]],
    ["10.20.30.40-2024-05-01-10:22:33", "10.20.30.40", [2024, 5, 1, 10, 22, 33]],
    ["fe80::1-2024-12-31-23:59:59", "fe80::1", [2024, 12, 31, 23, 59, 59]],
    ["127.0.0.1-2009-05-22-15:47", "127.0.0.1", [2009, 5, 22, 15, 47, 0]],
  ])("reads %s", (name, address, time) => {
    expect(parseDumpFolderName(name)).toEqual({ address, time });
  });

  it.each([
    "vmcore",
    "2024-05-01-10:22:33",
    "127.0.0.1-2024-02-30-10:00:00",
    "127.0.0.1-2024-05-01-24:00:00",
    "127.0.0.1-2024-05-01",
    "lost+found",
  ])("rejects %s", (name) => {
    expect(parseDumpFolderName(name)).toBeNull();
  });
});

describe("formatDumpFolderTime", () => {
  const folder = parseDumpFolderName("127.0.0.1-2024-05-01-10:22:33")!;

  it("reads the name as UTC when asked", () => {
    expect(formatDumpFolderTime(folder, "utc")).toBe("2024-05-01T10:22:33.000Z");
  });

  it("reads the name in the local time zone by default", () => {
    expect(formatDumpFolderTime(folder, "local")).toBe(new Date(2024, 4, 1, 10, 22, 33).toISOString());
  });
});

describe("isLoopbackAddress", () => {
  it("knows a local dump from a remote one", () => {
    expect(isLoopbackAddress("127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("::1")).toBe(true);
    expect(isLoopbackAddress("10.0.0.7")).toBe(false);
  });
});

describe("selectDumpFiles", () => {
  it("sends vmcore-dmesg.txt first, then saved crash output, never the dump or kdump's logs", () => {
    const names = [
      "vmcore",
      "vmcore-dmesg.txt",
      "kexec-dmesg.log",
      "crash.txt",
      "bt.log",
      "sys.txt",
      "crash-foreach.out",
      ".hidden.txt",
      "notes.md",
      "vmcore.flat",
    ];
    expect(selectDumpFiles(names)).toEqual(["vmcore-dmesg.txt", "bt.log", "crash-foreach.out", "crash.txt", "sys.txt"]);
  });

  it("sends nothing from a folder with only an incomplete dump", () => {
    expect(selectDumpFiles(["vmcore-incomplete"])).toEqual([]);
  });
});

describe("isLooseTextFile", () => {
  it("takes text-like names only", () => {
    expect(isLooseTextFile("oops.txt")).toBe(true);
    expect(isLooseTextFile("console.log")).toBe(true);
    expect(isLooseTextFile("vmcore")).toBe(false);
    expect(isLooseTextFile("dump.tar.gz")).toBe(false);
  });
});
