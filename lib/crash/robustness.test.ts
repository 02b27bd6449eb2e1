import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCrashSummary, parseCrashText, type CrashReport } from "./index";
import { fuzzInputs, KERNEL_FRAGMENTS } from "./fuzz-inputs";
import { WINDOW_AFTER, WINDOW_BEFORE, windowedLines } from "./windows";

const SEED = readFileSync(join(import.meta.dirname, "fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const OOPS = readFileSync(join(import.meta.dirname, "fixtures/rhel/rhel9-null-deref.txt"), "utf8");

function expectWellFormed(r: CrashReport): void {
  expect(typeof r.detected).toBe("boolean");
  if (r.detected) {
    expect(r.title).toBeTypeOf("string");
    expect(r.signature).toMatch(/^[0-9a-f]{16}$/);
  } else {
    expect(r.reason).toBeTypeOf("string");
    expect(r.signature).toBeNull();
  }
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

describe("parseCrashSummary never throws", () => {
  it("on random strings (full unicode, lone surrogates included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 2000 }), (text) => {
        expectWellFormed(parseCrashSummary(text));
      }),
      { numRuns: 300 },
    );
  });

  it("on random bytes decoded as UTF-8 and latin1 (invalid UTF-8)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expectWellFormed(parseCrashSummary(buffer.toString("utf8")));
        expectWellFormed(parseCrashSummary(buffer.toString("latin1")));
      }),
      { numRuns: 200 },
    );
  });

  it("on random mixes of kernel report fragments", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...KERNEL_FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 200 }),
        (parts) => {
          expectWellFormed(parseCrashSummary(parts.join("")));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on non-string input from untyped callers", () => {
    expect(parseCrashSummary(undefined as unknown as string)).toMatchObject({
      detected: false,
      reason: "input is not text",
    });
    expect(parseCrashSummary("")).toMatchObject({ detected: false, reason: "empty input" });
  });
});

describe("bench:fuzz's inputs, a bounded sample", () => {
  it("never throw nor fall into the catch-all", () => {
    const corpus = [SEED, OOPS];
    for (const dir of ["fixtures/rhel", "fixtures/classes"]) {
      const path = join(import.meta.dirname, dir);
      for (const f of readdirSync(path).filter((n) => n.endsWith(".txt")))
        corpus.push(readFileSync(join(path, f), "utf8"));
    }
    for (const input of fuzzInputs(corpus, 3000, 7)) {
      const r = parseCrashSummary(input.text);
      expectWellFormed(r);
      expect(r.reason ?? "").not.toMatch(/^internal parser error/);
    }
  });
});

describe("damaged input", () => {
  it("survives truncation of the seed session at every line", () => {
    const lines = SEED.split("\n");
    for (let i = 0; i <= lines.length; i++) expectWellFormed(parseCrashSummary(lines.slice(0, i).join("\n")));
    // With the BUG line but no stack yet the frame is unknown (syzkaller says `corrupted`);
    // from the RIP line on, the title is the final one.
    const bugLine = lines.findIndex((l) => l.startsWith("kernel BUG at"));
    expect(parseCrashSummary(lines.slice(0, bugLine + 1).join("\n")).title).toBe("kernel BUG in corrupted");
    const ripLine = lines.findIndex((l) => l.startsWith("RIP: 0010:"));
    for (let i = ripLine + 1; i <= lines.length; i++) {
      expect(parseCrashSummary(lines.slice(0, i).join("\n")).title).toBe("kernel BUG in tcp_v4_err");
    }
  });

  it("survives truncation at random byte offsets", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEED.length }), (n) => {
        expectWellFormed(parseCrashSummary(SEED.slice(0, n)));
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same report with CRLF or CR line ends", () => {
    const lf = parseCrashSummary(SEED, { referenceDate: new Date("2026-01-01T00:00:00Z") });
    const crlf = parseCrashSummary(SEED.replace(/\n/g, "\r\n"), { referenceDate: new Date("2026-01-01T00:00:00Z") });
    const cr = parseCrashSummary(SEED.replace(/\n/g, "\r"), { referenceDate: new Date("2026-01-01T00:00:00Z") });
    expect(crlf).toEqual(lf);
    expect(cr).toEqual(lf);
  });

  it("finds a crash inside 10 MB of noise", () => {
    const noiseLine =
      "[  12.345678] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx\n";
    const half = noiseLine.repeat(Math.ceil((5 * 1024 * 1024) / noiseLine.length));
    const r = parseCrashSummary(half + OOPS + half);
    expect(r.detected).toBe(true);
    expect(r.title).toBe("BUG: unable to handle kernel NULL pointer dereference in blk_mq_dispatch_rq_list");
    expect(parseCrashSummary(half + half).detected).toBe(false);
  });
});

describe("linear time", () => {
  // Lines built to make backtracking regexes explode; they must simply finish.
  const ADVERSARIAL = [
    (n: number) => `WARNING: ${" at ".repeat(n)}`,
    (n: number) => `BUG: ${"a".repeat(n)}`,
    (n: number) => `[${" ".repeat(n)}`,
    (n: number) => ` ? ${"a".repeat(n)}+0x`,
    (n: number) => `INFO: task ${"x".repeat(n)} blocked for more than`,
    (n: number) => `${"[<ffffffff81494c71>] ".repeat(n)}`,
    (n: number) => `Modules linked in: ${"m(OE) ".repeat(n)}`,
    (n: number) => `general protection fault${":".repeat(n)}`,
    (n: number) => `kernel BUG at ${"/".repeat(n)}`,
    (n: number) => `${"<4>".repeat(n)}`,
    (n: number) => `${"\\x41".repeat(n)}`,
  ];

  it.each(ADVERSARIAL.map((make, i) => [i, make] as const))(
    "adversarial line shape #%i completes on a 2 MB line and many lines",
    (_, make) => {
      expectWellFormed(parseCrashSummary(make(500_000)));
      expectWellFormed(parseCrashSummary(`${make(200)}\n`.repeat(5000)));
    },
  );

  it("does about 4x the work for 4x the input (loosely)", () => {
    const unit = `${OOPS}\n${"[  1.000000] random noise line with words and numbers 12345\n".repeat(2000)}`;
    const time = (text: string) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) parseCrashSummary(text);
      return performance.now() - start;
    };
    time(unit);
    const small = time(unit.repeat(4));
    const large = time(unit.repeat(16));
    expect(large).toBeLessThan(small * 16 + 200);
  });
});

describe("windowed normalization (large texts)", () => {
  const NOISE = "[  12.345678] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, invalid flow\n";
  const PLAIN = "usb 1-1: new high-speed USB device number 2 using xhci_hcd\n";
  const fixtureDirs = ["fixtures/rhel", "fixtures/classes"].map((d) => join(import.meta.dirname, d));
  const fixtures = fixtureDirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".txt"))
      .map((f) => [f, readFileSync(join(dir, f), "utf8")] as const),
  );
  const options = { referenceDate: new Date("2026-01-01T00:00:00Z") };

  it.each(fixtures)("reads %s in noise as the full pass does", (_, text) => {
    for (const noiseLine of [NOISE, PLAIN]) {
      // More noise than a window holds between two copies, so the windows are apart.
      const noise = noiseLine.repeat(WINDOW_AFTER + 500);
      const input = `${noise}${text}\n${noise}${text}`;
      expect(parseCrashText(input, options, "windowed")).toEqual(parseCrashText(input, options, "full"));
    }
  });

  it("makes lines only around report headers", () => {
    const noise = NOISE.repeat(20000);
    const lines = windowedLines(`${noise}${OOPS}\n${noise}`);
    expect(lines.length).toBeLessThanOrEqual(WINDOW_BEFORE + OOPS.split("\n").length + WINDOW_AFTER + 1);
    expect(lines.some((l) => l.text.startsWith("BUG: "))).toBe(true);
    expect(windowedLines(noise)).toEqual([]);
  });

  it("windows a large text by default", () => {
    const noise = PLAIN.repeat(Math.ceil((1 << 20) / PLAIN.length));
    const input = `${noise}${OOPS}\n${noise}`;
    expect(parseCrashSummary(input, options)).toEqual(parseCrashText(input, options, "full"));
  });
});
