import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { createDriver } from '../store/create-driver.ts';
import { createStore } from '../store/create-store.ts';
import { UsageError, type Command } from './command.ts';
import { historyTable } from './history-table.ts';
import { targetKeyArgument } from './target-argument.ts';

/** `alerts-slm history`: the recent decisions and their outcomes. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history [--target ns/kind/name] [--limit N] [--json]',
  summary: 'recent decisions, their gate verdicts and outcomes (a table, or JSON with --json)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { target: { type: 'string' }, limit: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
    const targetKey = values.target ? targetKeyArgument(values.target) : undefined;
    const store = createStore(await createDriver(loadConfig(io.env).database));
    try {
      const decisions = await store.recentDecisions({ ...(targetKey ? { targetKey } : {}), limit });
      if (values.json) io.out(JSON.stringify(decisions, null, 2));
      else for (const line of historyTable(decisions)) io.out(line);
      return 0;
    } finally {
      await store.close();
    }
  },
};
