/**
 * Tests of the CLI commands built on lib/kernel and lib/kb (lib/cli/commands/{vercmp,kernel,match}.ts).
 * They live here because this change may only add files under lib/kernel and lib/kb; move them beside
 * the commands when convenient.
 */

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run as runKernel } from "../cli/commands/kernel";
import { run as runVercmp } from "../cli/commands/vercmp";
import type { CliIo } from "../cli/main";

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

describe("panicboard vercmp", () => {
  it.each<[string[], string, number]>([
    [["1.0", "1.0~rc1"], "1\n", 0],
    [["1.0~rc1", "1.0"], "-1\n", 0],
    [["2.0", "2_0"], "0\n", 0],
    [["1:1.0", "2.0"], "-1\n", 0],
    [["--evr", "1:1.0", "2.0"], "1\n", 0],
    [["2.6.32-279.14.1.el6", "2.6.32-431.el6"], "-1\n", 0],
    [["only-one"], "", 2],
  ])("%j", async (args, out, code) => {
    const io = captureIo();
    expect(await runVercmp(args, io)).toBe(code);
    expect(io.out).toBe(out);
  });
});

describe("panicboard kernel", () => {
  it("describes a RHEL 6.3 z-stream kernel and its known bugs", async () => {
    const io = captureIo();
    expect(await runKernel(["2.6.32-279.14.1.el6.x86_64"], io)).toBe(0);
    const output = JSON.parse(io.out);
    expect(output).toMatchObject({
      release: "2.6.32-279.14.1.el6.x86_64",
      version: "2.6.32",
      build: "279.14.1",
      dist: "el6",
      arch: "x86_64",
      distro: "rhel",
      rhel: { major: 6, minor: 3 },
      recommendedTarget: "2.6.32-754.15.3.el6",
    });
    expect(output.knownBugs).toContainEqual(
      expect.objectContaining({ id: "rhel6-tcp_v4_err-BUG_ON-skb", fixedIn: "2.6.32-431.el6" }),
    );
  });

  it("files an Ubuntu kernel under no RHEL release", async () => {
    const io = captureIo();
    expect(await runKernel(["5.15.0-91-generic"], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ distro: "ubuntu", rhel: null, knownBugs: [], recommendedTarget: null });
  });

  it("rejects what is not a kernel release", async () => {
    const io = captureIo();
    expect(await runKernel(["hello"], io)).toBe(1);
    expect(io.err).toBe("panicboard kernel: 'hello': does not start with a version number\n");
  });
});

// lib/crash is written concurrently: load the match command (which imports it) only when it is there.
const matchCommand = await import("../cli/commands/match").catch(() => null);

describe("panicboard match", () => {
  it.skipIf(!matchCommand)(
    "prints the seed bug, its rule and fixed-in kernel (skipped while lib/crash is missing)",
    async () => {
      const io = captureIo();
      const file = fileURLToPath(new URL("./fixtures/rhel6-lvs-tcp_v4_err.crash.txt", import.meta.url));
      expect(await matchCommand!.run([file], io)).toBe(0);
      expect(io.out).toContain("bug:        rhel6-tcp_v4_err-BUG_ON-skb [confirmed]");
      expect(io.out).toContain("rule:       bug-at-tcp-ipv4-in-tcp-v4-err-from-icmp");
      expect(io.out).toContain("fixed in:   2.6.32-431.el6");

      const jsonIo = captureIo();
      expect(await matchCommand!.run([file, "--json"], jsonIo)).toBe(0);
      expect(JSON.parse(jsonIo.out).best).toMatchObject({
        bugId: "rhel6-tcp_v4_err-BUG_ON-skb",
        fixedIn: "2.6.32-431.el6",
      });
    },
  );
});
