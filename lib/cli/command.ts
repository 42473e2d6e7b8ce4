/** One `alerts-slm` command. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Runs the command; resolves with the process exit code (a long-running command resolves when it stops). */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes and what it reads from its environment. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Thrown for a wrong command line: main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
