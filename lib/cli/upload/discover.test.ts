import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverUploads } from "./discover";

describe("discoverUploads", () => {
  let root: string;
  const put = (path: string, text = "x") => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "panicboard-discover-"));
    put("crash/127.0.0.1-2024-05-01-10:22:33/vmcore-dmesg.txt");
    put("crash/127.0.0.1-2024-05-01-10:22:33/vmcore");
    put("crash/10.0.0.7-2024-06-02-03:04:05/vmcore-dmesg.txt");
    put("crash/10.0.0.7-2024-06-02-03:04:05/crash.txt");
    put("crash/127.0.0.1-2024-07-01-00:00:00/vmcore-incomplete");
    put("crash/saved/renamed-folder/vmcore-dmesg.txt");
    put("crash/loose-oops.txt");
    put("crash/kdump.tar.gz");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("finds each dump folder's files and loose text files, in name order", async () => {
    const { jobs, errors } = await discoverUploads([join(root, "crash")]);
    expect(errors).toEqual([]);
    expect(jobs.map((j) => j.file.slice(root.length + 1))).toEqual([
      "crash/10.0.0.7-2024-06-02-03:04:05/vmcore-dmesg.txt",
      "crash/10.0.0.7-2024-06-02-03:04:05/crash.txt",
      "crash/127.0.0.1-2024-05-01-10:22:33/vmcore-dmesg.txt",
      "crash/loose-oops.txt",
      "crash/saved/renamed-folder/vmcore-dmesg.txt",
    ]);
    expect(jobs[0]!.folder).toEqual({ address: "10.0.0.7", time: [2024, 6, 2, 3, 4, 5] });
    expect(jobs[3]!.folder).toBeNull();
    expect(jobs[4]!.folder).toBeNull();
  });

  it("takes a dump folder or a file named directly, once each, and reports missing paths", async () => {
    const folder = join(root, "crash/127.0.0.1-2024-05-01-10:22:33");
    const { jobs, errors } = await discoverUploads([folder, join(folder, "vmcore-dmesg.txt"), join(root, "nope")]);
    expect(jobs).toEqual([
      { file: join(folder, "vmcore-dmesg.txt"), folder: { address: "127.0.0.1", time: [2024, 5, 1, 10, 22, 33] } },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe(join(root, "nope"));
  });
});
