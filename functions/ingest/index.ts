import { countingFailures } from '../../lib/broker/counted-broker.ts';
import { createHttpBroker } from '../../lib/broker/http-broker.ts';
import { ConfigError } from '../../lib/config/load-config.ts';
import { bearerAuth } from '../../lib/runtime/bearer-auth.ts';
import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { makeHandler } from './handler.ts';
import { ingestMetrics } from './metrics.ts';

/** ingest: Alertmanager webhook in, alert CloudEvents out to the broker. Stateless; no Kubernetes client here. */
export const ingest = defineFunction({
  name: 'ingest',
  create: ({ config, registry, now }) => {
    if (!config.broker.url)
      throw new ConfigError('invalid configuration: BROKER_URL (or K_SINK from a SinkBinding) is required for ingest');
    const metrics = ingestMetrics(registry);
    const broker = createHttpBroker({
      url: config.broker.url,
      timeoutMs: config.broker.timeoutMs,
      concurrency: config.broker.concurrency,
      tokenFile: config.broker.tokenFile,
    });
    const handle = makeHandler({ broker: countingFailures(broker, metrics.publishFailures), filter: config.filter, metrics, now });
    return { kind: 'http', handle, authorize: bearerAuth(config.webhook) };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(ingest);

/** Serves ingest configured from the environment (the image entry calls this when FUNCTION=ingest). */
export const main = () => serveFromEnv(ingest);
