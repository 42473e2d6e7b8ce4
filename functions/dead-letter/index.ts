import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { createStore } from '../../lib/store/create-store.ts';
import { makeHandler } from './handler.ts';
import { deadLetterMetrics } from './metrics.ts';

/** dead-letter: the Broker's deadLetterSink; keeps what could not be delivered, so nothing is lost. */
export const deadLetter = defineFunction({
  name: 'dead-letter',
  create: ({ database, now, registry }) => ({
    kind: 'event',
    handle: makeHandler({ store: createStore(database, now), metrics: deadLetterMetrics(registry) }),
  }),
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(deadLetter);

/** Serves dead-letter configured from the environment (the image entry calls this when FUNCTION=dead-letter). */
export const main = () => serveFromEnv(deadLetter);
