#!/usr/bin/env node
import { runCli } from '../lib/cli/main.ts';
import { benchCommand } from '../lib/cli/bench/bench-command.ts';
import { approveCommand, pendingCommand, rejectCommand } from '../lib/cli/approval-commands.ts';
import { configCommand } from '../lib/cli/config-command.ts';
import { evalCommand } from '../lib/cli/eval-command.ts';
import { statsCommand } from '../lib/cli/stats-command.ts';
import { deadLettersCommand } from '../lib/cli/dead-letters-command.ts';
import { historyCommand } from '../lib/cli/history-command.ts';
import { mcpCommand } from '../lib/cli/mcp-command.ts';
import { migrateCommand } from '../lib/cli/migrate-command.ts';
import { replayCommand } from '../lib/cli/replay-command.ts';
import { pruneCommand } from '../lib/cli/prune-command.ts';
import { runCommand } from '../lib/cli/run-command.ts';
import type { LocalFunctions } from '../lib/cli/local-runner.ts';
import type { CliIo, Command } from '../lib/cli/command.ts';

// The composition root of the command line: the functions are loaded only by the commands that host them.
const loadFunctions = async (): Promise<LocalFunctions> => ({
  ingest: (await import('./ingest/index.ts')).ingest,
  analyze: (await import('./analyze/index.ts')).analyze,
  execute: (await import('./execute/index.ts')).execute,
  assess: (await import('./assess/index.ts')).assess,
  deadLetter: (await import('./dead-letter/index.ts')).deadLetter,
});

// `run` also takes the other commands' lines while it holds the embedded database (they run inside it).
const commands: Command[] = [];
// Other processes may run only the commands that read or decide on the database `run` holds.
const forwarded = {
  run: (args: string[], io: CliIo) => runCli(args, commands, io),
  get allowed() {
    return commands.filter((c) => c.usesStore).map((c) => c.name);
  },
};
commands.push(
  runCommand(loadFunctions, forwarded),
  replayCommand,
  migrateCommand,
  historyCommand,
  statsCommand,
  pendingCommand,
  approveCommand,
  rejectCommand,
  evalCommand,
  deadLettersCommand,
  pruneCommand,
  mcpCommand,
  configCommand,
  benchCommand,
);

const code = await runCli(process.argv.slice(2), commands, {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
});
process.exitCode = code;
