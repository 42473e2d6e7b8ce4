import { createCluster } from '../../lib/kube/create-cluster.ts';
import { createNotifier } from '../../lib/notify/notifier.ts';
import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { createStore } from '../../lib/store/create-store.ts';
import { makeHandler } from './handler.ts';
import { executeMetrics } from './metrics.ts';

/** execute: action.recommended (or approved) in, action.executed out — the gates decide, Kubernetes is changed or not. */
export const execute = defineFunction({
  name: 'execute',
  create: ({ config, registry, now, database }) => {
    const metrics = executeMetrics(registry);
    const handle = makeHandler({
      store: createStore(database, now),
      cluster: createCluster(config.kube, 'alerts-slm-execute', metrics.kubernetes),
      notifier: createNotifier(config.notify),
      policy: config.policy,
      dryRun: config.dryRun,
      assess: config.assess,
      config,
      // Longer than the slowest action (a drain evicting many pods): a crashed holder is taken over after it.
      claimLeaseMs: Math.max(config.policy.lockLeaseMs, 120_000),
      metrics,
      now,
    });
    return { kind: 'event', handle };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(execute);

/** Serves execute configured from the environment (the image entry calls this when FUNCTION=execute). */
export const main = () => serveFromEnv(execute);
