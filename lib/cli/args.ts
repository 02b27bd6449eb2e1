import { parseArgs, type ParseArgsConfig } from "node:util";

type ParsedArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * node:util `parseArgs` (strict: an unknown option or a stray value is an error), with the error as a
 * value: `{ error }` carries parseArgs' message for the command to print above its usage.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ParsedArgs<T> | { error: string } {
  try {
    return parseArgs(config);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
