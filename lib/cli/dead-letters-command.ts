import { parseArgs } from 'node:util';
import { withoutDeliveryMarks } from '../broker/redrive.ts';
import type { Command } from './command.ts';
import { positiveIntegerOption } from './integer-option.ts';
import { withStore } from './store-command.ts';

/** `alerts-slm dead-letters`: what the broker gave up on, as JSON lines `alerts-slm replay` sends back. */
export const deadLettersCommand: Command = {
  name: 'dead-letters',
  usage: 'dead-letters [--limit N] [--with-errors]',
  summary: 'print dead-lettered events, one JSON per line (replay them with: alerts-slm replay FILE --to BROKER_URL)',
  usesStore: true,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { limit: { type: 'string', default: '100' }, 'with-errors': { type: 'boolean', default: false } },
    });
    const limit = positiveIntegerOption('limit', values.limit);
    await withStore(io, async (store) => {
      for (const { event } of (await store.deadLetters.list(limit)).reverse()) {
        // Without Knative's error extensions the event replays as it was first sent.
        const clean = values['with-errors'] ? event : withoutDeliveryMarks(event);
        io.out(JSON.stringify(clean));
      }
    });
    return 0;
  },
};
