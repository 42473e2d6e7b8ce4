#!/usr/bin/env node
import { runCli } from '../lib/cli/main.ts';
import { benchCommand } from '../lib/cli/bench/bench-command.ts';
import { configCommand } from '../lib/cli/config-command.ts';
import { historyCommand } from '../lib/cli/history-command.ts';
import { migrateCommand } from '../lib/cli/migrate-command.ts';
import { replayCommand } from '../lib/cli/replay-command.ts';
import { runCommand } from '../lib/cli/run-command.ts';
import type { LocalFunctions } from '../lib/cli/local-runner.ts';

// The composition root of the command line: the functions are loaded only by the commands that host them.
const loadFunctions = async (): Promise<LocalFunctions> => ({
  ingest: (await import('./ingest/index.ts')).ingest,
  analyze: (await import('./analyze/index.ts')).analyze,
  execute: (await import('./execute/index.ts')).execute,
});

const code = await runCli(process.argv.slice(2), [runCommand(loadFunctions), replayCommand, migrateCommand, historyCommand, configCommand, benchCommand], {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
});
process.exitCode = code;
