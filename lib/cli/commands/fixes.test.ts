import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../main";
import { run } from "./fixes";

const SEED = join(import.meta.dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt");

function capture() {
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe("panicboard fixes", () => {
  it("prints JSON for a crash file: the BZ 757658 entry first, with its first release", async () => {
    const io = capture();
    expect(await run([SEED, "--json"], io)).toBe(0);
    const result = JSON.parse(io.out) as {
      kernel: string;
      stream: string;
      candidates: { build: string; firstRelease: unknown; text: string; bugs: string[]; matched: string[] }[];
    };
    expect(result.kernel).toBe("2.6.32-279.14.1.el6.x86_64");
    expect(result.stream).toBe("el6");
    expect(result.candidates[0]).toMatchObject({
      build: "2.6.32-364.el6",
      firstRelease: { minor: "6.5", kernel: "2.6.32-431.el6" },
      text: "[net] tcp: Don't change unlocked socket state in tcp_v4_err() (Jiri Benc) [757658]",
      bugs: ["757658"],
      cves: [],
      matched: ["tcp_v4_err"],
      score: expect.any(Number),
    });
  });

  it("takes a kernel and function names, and prints a readable list", async () => {
    const io = capture();
    const code = await main(
      ["fixes", "--kernel", "2.6.32-358.el6.x86_64", "--function", "sctp_sf_do_5_1D_ce", "--function", "sctp_do_sm"],
      io,
    );
    expect(code).toBe(0);
    expect(io.out).toContain("kernel:  2.6.32-358.el6.x86_64 (el6, RHEL 6.4)");
    expect(io.out).toContain("1. 2.6.32-451.el6 -> RHEL 6.6 (GA 2.6.32-504.el6)");
    expect(io.out).toContain("https://access.redhat.com/security/cve/CVE-2014-0101");
  });

  it("rejects bad usage with 2 and texts without a crash with 1", async () => {
    expect(await run([], capture())).toBe(2);
    expect(await run(["--kernel", "2.6.32-358.el6"], capture())).toBe(2);
    expect(await run([SEED, "--function", "x"], capture())).toBe(2);
    const unknown = capture();
    expect(await run([SEED, "--bogus"], unknown)).toBe(2);
    expect(unknown.err).toContain("bogus");
    const dir = mkdtempSync(join(tmpdir(), "panicboard-fixes-"));
    writeFileSync(join(dir, "noise.log"), "[    1.000000] nothing to see\n");
    const noise = capture();
    expect(await run([join(dir, "noise.log")], noise)).toBe(1);
    expect(noise.err).toContain("no crash detected");
  });
});
