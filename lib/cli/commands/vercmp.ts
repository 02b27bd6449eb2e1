// panicboard vercmp A B — compare two versions with rpm's rpmvercmp (prints -1, 0 or 1)

import { compareEvr, rpmvercmp } from "../../kernel/rpmvercmp";
import { parseCommandArgs } from "../args";
import type { CliIo } from "../main";

const USAGE =
  "usage: panicboard vercmp [--evr] A B\n  prints 1 if A is newer, -1 if B is newer, 0 if equal (rpm's rpmvercmp);\n  --evr compares [epoch:]version[-release] field by field instead\n";

export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { evr: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if ("error" in parsed) {
    io.stderr(`panicboard vercmp: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const operands = parsed.positionals;
  const [a, b] = operands;
  if (operands.length !== 2 || a === undefined || b === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  io.stdout(`${parsed.values.evr ? compareEvr(a, b) : rpmvercmp(a, b)}\n`);
  return 0;
}
