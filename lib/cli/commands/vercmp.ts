// panicboard vercmp A B — compare two versions with rpm's rpmvercmp (prints -1, 0 or 1)

import { compareEvr, rpmvercmp } from "../../kernel/rpmvercmp";
import type { CliIo } from "../main";

const USAGE =
  "usage: panicboard vercmp [--evr] A B\n  prints 1 if A is newer, -1 if B is newer, 0 if equal (rpm's rpmvercmp);\n  --evr compares [epoch:]version[-release] field by field instead\n";

export async function run(args: string[], io: CliIo): Promise<number> {
  const evr = args.includes("--evr");
  const operands = args.filter((a) => a !== "--evr");
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(USAGE);
    return 0;
  }
  const [a, b] = operands;
  if (operands.length !== 2 || a === undefined || b === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  io.stdout(`${evr ? compareEvr(a, b) : rpmvercmp(a, b)}\n`);
  return 0;
}
