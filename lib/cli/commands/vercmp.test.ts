import { describe, expect, it } from "vitest";
import { captureIo } from "../capture-io";
import { run as runVercmp } from "./vercmp";

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
