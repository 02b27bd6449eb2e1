import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../capture-io";
import { run as runMatch } from "./match";

const SEED_FILE = join(import.meta.dirname, "../../crash/fixtures/rhel/rhel6-seed-session.txt");

describe("panicboard match", () => {
  it("prints the seed bug, its rule and fixed-in kernel", async () => {
    const io = captureIo();
    expect(await runMatch([SEED_FILE], io)).toBe(0);
    expect(io.out).toContain("bug:        rhel6-tcp_v4_err-BUG_ON-skb [confirmed]");
    expect(io.out).toContain("rule:       bug-at-tcp-ipv4-in-tcp-v4-err-from-icmp");
    expect(io.out).toContain("fixed in:   2.6.32-431.el6");

    const jsonIo = captureIo();
    expect(await runMatch([SEED_FILE, "--json"], jsonIo)).toBe(0);
    expect(JSON.parse(jsonIo.out).best).toMatchObject({
      bugId: "rhel6-tcp_v4_err-BUG_ON-skb",
      fixedIn: "2.6.32-431.el6",
    });
  });
});
