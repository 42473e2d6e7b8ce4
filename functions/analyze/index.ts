import { createClusterReads } from '../../lib/kube/create-cluster.ts';
import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { createLlm } from '../../lib/slm/create-llm.ts';
import { createStore } from '../../lib/store/create-store.ts';
import { makeHandler } from './handler.ts';
import { analyzeMetrics } from './metrics.ts';

/** analyze: alert.firing in, action.recommended out — one model call per incident, the rules when the model fails. */
export const analyze = defineFunction({
  name: 'analyze',
  create: ({ config, registry, now, database }) => {
    const metrics = analyzeMetrics(registry);
    const llm = config.slm.provider === 'none' ? null : createLlm(config.slm, metrics.modelRequests);
    // A claim outlives the slowest analysis: every attempt of the call and of its repair, plus the cluster reads.
    const claimLeaseMs = config.slm.timeoutMs * (config.slm.retryCount + 1) * 2 + 60_000;
    const handle = makeHandler({
      store: createStore(database, now),
      cluster: createClusterReads(config.kube, metrics.kubernetes),
      llm,
      dedupWindowMs: config.analyze.dedupWindowMs,
      cacheTtlMs: config.slm.cacheTtlMs,
      claimLeaseMs,
      metrics,
      now,
    });
    return { kind: 'event', handle };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(analyze);

/** Serves analyze configured from the environment (the image entry calls this when FUNCTION=analyze). */
export const main = () => serveFromEnv(analyze);
