import { createAlertmanagerApi } from '../../lib/alertmanager/alertmanager-api.ts';
import { countingFailures } from '../../lib/broker/counted-broker.ts';
import { createHttpBroker } from '../../lib/broker/http-broker.ts';
import { ConfigError } from '../../lib/config/load-config.ts';
import { createCluster } from '../../lib/kube/create-cluster.ts';
import { pingSourceSchedule, tickNamespace } from '../../lib/kube/tick-schedule.ts';
import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { createStore } from '../../lib/store/create-store.ts';
import { createLlm } from '../../lib/slm/create-llm.ts';
import { makeHandler } from './handler.ts';
import { assessMetrics } from './metrics.ts';

// The Broker the manifests create (knative/broker.yaml), which the tick's PingSource sends into.
const TICK_BROKER = 'alerts-slm';

/** assess: judges every action by its outcome (action.assessed), next to how often the alert clears by itself. */
export const assess = defineFunction({
  name: 'assess',
  create: ({ config, registry, now, database, ticks }) => {
    // A tick may judge many actions: it publishes their action.assessed events itself (K_SINK from a SinkBinding).
    if (!config.broker.url)
      throw new ConfigError('invalid configuration: BROKER_URL (or K_SINK from a SinkBinding) is required for assess');
    const metrics = assessMetrics(registry);
    const broker = createHttpBroker({
      url: config.broker.url,
      timeoutMs: config.broker.timeoutMs,
      concurrency: config.broker.concurrency,
      tokenFile: config.broker.tokenFile,
    });
    const handle = makeHandler({
      store: createStore(database, now),
      cluster: createCluster(config.kube, 'alerts-slm-assess', metrics.kubernetes),
      alertmanager: config.assess.alertmanagerUrl ? createAlertmanagerApi({ url: config.assess.alertmanagerUrl, timeoutMs: 3000 }) : null,
      broker: countingFailures(broker, metrics.publishFailures),
      settings: config.assess,
      policy: config.policy,
      metrics,
      // On a cluster the tick is a PingSource assess creates and deletes; the local runner brings its own timer.
      ticks: ticks ?? pingSourceSchedule(config.kube, tickNamespace(null), TICK_BROKER),
      llm: config.assess.explainWith === 'model' && config.slm.provider !== 'none' ? createLlm(config.slm, metrics.modelRequests) : null,
      now,
    });
    return { kind: 'event', handle };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(assess);

/** Serves assess configured from the environment (the image entry calls this when FUNCTION=assess). */
export const main = () => serveFromEnv(assess);
