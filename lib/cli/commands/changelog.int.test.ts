import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../capture-io";
import { run } from "./changelog";

const EL6 = `* Mon Mar 04 2024 Someone <someone@example.com> [2.6.32-754.99.1.el6]
- [net] fix a crash in pbcli_tcp_thing() (Someone) [3001234]
- [fs] ext4: pbcli_ext4_other() leaks (Someone) [3001235]
`;
const dir = mkdtempSync(join(tmpdir(), "panicboard-changelog-cli-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("panicboard changelog on a real PostgreSQL", () => {
  it("imports a file once, says so, and shows it in the status", async () => {
    const file = join(dir, "changelog.txt");
    writeFileSync(file, EL6);
    const first = captureIo();
    expect(await run(["import", file], first)).toBe(0);
    expect(first.out).toMatch(
      /^el6: 1 builds added \(2 entries\); \d+ builds known, newest 2\.6\.32-754\.99\.1\.el6\n$/,
    );

    const gz = join(dir, "changelog.txt.gz");
    writeFileSync(gz, gzipSync(EL6));
    const again = captureIo();
    expect(await run(["import", gz, "--json"], again)).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ streams: [{ stream: "el6", buildsAdded: 0, entriesAdded: 0 }] });

    const status = captureIo();
    expect(await run(["status"], status)).toBe(0);
    const lines = status.out.trim().split("\n");
    expect(lines[0]).toMatch(/^stream\s+newest\s+builds\s+entries\s+bundled\s+imported\s+last import$/);
    expect(lines.find((l) => l.startsWith("el6"))).toMatch(
      /^el6\s+2\.6\.32-754\.99\.1\.el6\s+\d+\s+\d+\s+\d+ \(\d+\)\s+1 \(2\)\s+\d{4}-/,
    );
    const json = captureIo();
    expect(await run(["status", "--json"], json)).toBe(0);
    expect(JSON.parse(json.out).streams.map((s: { stream: string }) => s.stream)).toEqual(["el6", "el7", "el8", "el9"]);
  });

  it("refuses what is not a changelog, and bad arguments", async () => {
    const file = join(dir, "not.txt");
    writeFileSync(file, "kernel BUG at mm/slab.c:1!\n");
    const bad = captureIo();
    expect(await run(["import", file], bad)).toBe(1);
    expect(bad.err).toContain("Not a RHEL kernel changelog");
    const missing = captureIo();
    expect(await run(["import", join(dir, "absent.txt")], missing)).toBe(1);
    expect(missing.err).toContain("ENOENT");
    const usage = captureIo();
    expect(await run(["import"], usage)).toBe(2);
    expect(usage.err).toContain("usage: panicboard changelog");
    expect(await run(["--help"], captureIo())).toBe(0);
  });
});
