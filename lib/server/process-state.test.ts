import { describe, expect, it } from "vitest";
import { processState } from "./process-state";

describe("processState", () => {
  it("gives every caller of a name the object the first one created, and other names their own", () => {
    let created = 0;
    const make = () => ({ n: ++created });
    const first = processState("test-process-state", make);
    first.n = 42;
    // What a second copy of a module (another chunk, the source beside a build) would get.
    expect(processState("test-process-state", make)).toBe(first);
    expect(processState("test-process-state", make).n).toBe(42);
    expect(created).toBe(1);
    expect(processState("test-process-state-other", make)).not.toBe(first);
  });
});
