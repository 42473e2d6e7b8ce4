import { parseArgs } from 'node:util';
import { configTable } from '../config/config-table.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Command } from './command.ts';

/** `alerts-slm config`: the effective configuration (secrets redacted), or the README's table of variables. */
export const configCommand: Command = {
  name: 'config',
  usage: 'config [--table]',
  summary: 'print the effective configuration as JSON (secrets redacted), or with --table every variable as Markdown',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { table: { type: 'boolean', default: false } } });
    io.out(values.table ? configTable() : JSON.stringify(loadConfig(io.env), null, 2));
    return 0;
  },
};
