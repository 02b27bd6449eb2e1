import { describe, expect, it } from "vitest";
import { captureIo } from "../capture-io";
import { run as runKernel } from "./kernel";

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
