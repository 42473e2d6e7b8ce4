import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { positiveIntegerOption } from './integer-option.ts';
import { historyTable } from './history-table.ts';
import { targetKeyArgument } from './target-argument.ts';
import { withStore } from './store-command.ts';

/** `alerts-slm history`: the recent decisions and their outcomes. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history [--target ns/kind/name] [--limit N] [--json]',
  summary: 'recent decisions, their gate verdicts and outcomes (a table, or JSON with --json)',
  usesStore: true,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { target: { type: 'string' }, limit: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
    const limit = positiveIntegerOption('limit', values.limit);
    const targetKey = values.target ? targetKeyArgument(values.target) : undefined;
    const decisions = await withStore(io, (store) => store.recentDecisions({ ...(targetKey ? { targetKey } : {}), limit }));
    if (values.json) io.out(JSON.stringify(decisions, null, 2));
    else for (const line of historyTable(decisions)) io.out(line);
    return 0;
  },
};
