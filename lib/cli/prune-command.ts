import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import type { Command } from './command.ts';
import { withStore } from './store-command.ts';

/** `alerts-slm prune`: applies the retention policy now, to the end, and says what it deleted. */
export const pruneCommand: Command = {
  name: 'prune',
  usage: 'prune [--json]',
  summary: 'delete what is past its retention (RETENTION_*) now; the functions also do it in passing, at most hourly',
  usesStore: true,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const { retention } = loadConfig(io.env);
    const total: Record<string, number> = {};
    await withStore(io, async (store) => {
      // Bounded passes until one finds nothing: a large backlog is deleted in steps, never in one long statement.
      for (;;) {
        const pass = await store.retention.prune(retention);
        for (const [table, n] of Object.entries(pass)) total[table] = (total[table] ?? 0) + n;
        if (Object.values(pass).every((n) => n === 0)) break;
      }
    });
    if (values.json) io.out(JSON.stringify(total));
    else for (const [table, n] of Object.entries(total)) io.out(`${table.padEnd(18)} ${n} deleted`);
    return 0;
  },
};
