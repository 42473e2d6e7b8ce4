import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Store } from '../store/store.ts';

/** One `alerts-slm` command. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Opens the configured database: while `make run` holds the embedded one, the command runs inside that process. */
  readonly usesStore?: true;
  /** Runs the command; resolves with the process exit code (a long-running command resolves when it stops). */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes and what it reads from its environment. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** The store of the process running the command (the local runner), instead of opening one. */
  store?: Store;
  /** How to publish events from the process running the command (the local runner's broker). */
  publish?: (events: CloudEventEnvelope[]) => Promise<void>;
}

/** Thrown for a wrong command line: main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
