/**
 * `panicboard <command> [args]`: one module per command under ./commands, loaded on demand so that
 * `parse` never pays for what `upload` imports.
 */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

type CommandRunner = (args: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: CommandRunner }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  parse: {
    summary: "parse <file|dir|->... [--pretty]   parse crash texts, print JSON Lines",
    load: () => import("./commands/parse"),
  },
  vercmp: {
    summary: "vercmp A B                          compare versions with rpm's rules (-1, 0, 1)",
    load: () => import("./commands/vercmp"),
  },
  kernel: {
    summary: "kernel <uname -r>                   describe a kernel release and its known bugs",
    load: () => import("./commands/kernel"),
  },
  token: {
    summary: "token create --name <label> | list | revoke <name>   manage API tokens",
    load: () => import("./commands/token"),
  },
  upload: {
    summary: "upload [--server URL] [--token T] [--host NAME] <file|dir>...   upload kdump trees and crash texts",
    load: () => import("./commands/upload"),
  },
  rematch: {
    summary: "rematch                             re-match every stored panic against the known bugs",
    load: () => import("./commands/rematch"),
  },
  match: {
    summary: "match <file>                        match a crash text against the known-bug catalogue",
    load: () => import("./commands/match"),
  },
  changelog: {
    summary: "changelog import <file|-> | status  import a kernel changelog (rpm -q --changelog); per-stream status",
    load: () => import("./commands/changelog"),
  },
  fixes: {
    summary: "fixes <file> | --kernel K --function F...   kernel builds whose changelog fixes a crash",
    load: () => import("./commands/fixes"),
  },
};

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  panicboard ${c.summary}`);
  return `usage:\n${lines.join("\n")}\n`;
}

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`panicboard: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const { run } = await entry.load();
  return run(rest, io);
}
