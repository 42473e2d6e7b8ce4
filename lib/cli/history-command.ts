import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { analyseOscillation } from '../domain/oscillation.ts';
import type { Command } from './command.ts';
import { positiveIntegerOption } from './integer-option.ts';
import { historyTable, refusedTable } from './history-table.ts';
import { targetKeyArgument } from './target-argument.ts';
import { withStore } from './store-command.ts';

/** `alerts-slm history`: the recent decisions and their outcomes, or the events execute refused. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history [--target ns/kind/name] [--limit N] [--wide] [--refused] [--json]',
  summary: 'recent decisions: who decided, the gates that held them, outcomes (--wide: nothing cut; --refused: events refused)',
  usesStore: true,
  async run(args, io) {
    const options = {
      target: { type: 'string' },
      limit: { type: 'string', default: '20' },
      wide: { type: 'boolean', default: false },
      refused: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    } as const;
    const { values } = parseArgs({ args, options });
    const limit = positiveIntegerOption('limit', values.limit);
    if (values.refused) {
      const refused = await withStore(io, (store) => store.events.refused(limit));
      for (const line of values.json ? [JSON.stringify(refused, null, 2)] : refusedTable(refused, { wide: values.wide })) io.out(line);
      return 0;
    }
    const targetKey = values.target ? targetKeyArgument(values.target) : undefined;
    const { oscillation: thresholds } = loadConfig(io.env).policy;
    const { decisions, oscillation } = await withStore(io, async (store) => ({
      decisions: await store.decisions.recent({ ...(targetKey ? { targetKey } : {}), limit }),
      // For one target: how our changes swung it over the policy's window (what the oscillation gate counts).
      oscillation: targetKey
        ? analyseOscillation(
            await store.actions.changeSeries(targetKey, new Date(Date.now() - thresholds.windowMs)),
            new Date(),
            thresholds,
          )
        : null,
    }));
    if (values.json) {
      io.out(JSON.stringify(decisions, null, 2));
      return 0;
    }
    if (oscillation) io.out(`oscillation: ${oscillation.severity} — ${oscillation.reasoning}`);
    for (const line of historyTable(decisions, { wide: values.wide })) io.out(line);
    return 0;
  },
};
