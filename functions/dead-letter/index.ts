import { createHttpBroker } from '../../lib/broker/http-broker.ts';
import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { createStore } from '../../lib/store/create-store.ts';
import { makeHandler } from './handler.ts';
import { deadLetterMetrics } from './metrics.ts';

/** dead-letter: the Broker's deadLetterSink; keeps what could not be delivered and re-drives what may pass. */
export const deadLetter = defineFunction({
  name: 'dead-letter',
  create: ({ config, database, now, logger, registry }) => {
    // Re-driving needs the broker's address (K_SINK from its SinkBinding); without it, dead letters are only kept.
    if (!config.broker.url) logger.warn('no BROKER_URL or K_SINK: dead letters are kept, never re-driven');
    const broker = config.broker.url
      ? createHttpBroker({ url: config.broker.url, timeoutMs: config.broker.timeoutMs, concurrency: 1, tokenFile: config.broker.tokenFile })
      : null;
    return {
      kind: 'event',
      handle: makeHandler({
        store: createStore(database, now),
        broker,
        maxRedrives: config.deadLetter.maxRedrives,
        metrics: deadLetterMetrics(registry),
      }),
    };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(deadLetter);

/** Serves dead-letter configured from the environment (the image entry calls this when FUNCTION=dead-letter). */
export const main = () => serveFromEnv(deadLetter);
