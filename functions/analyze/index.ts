import { ConfigError } from '../../lib/config/load-config.ts';
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
    // A claim outlives the slowest analysis (the model budget, plus the cluster reads and the store).
    if (llm && config.analyze.claimLeaseMs < config.slm.budgetMs + 30_000) {
      throw new ConfigError(
        `invalid configuration: ANALYZE_CLAIM_LEASE (${config.analyze.claimLeaseMs} ms) must exceed SLM_BUDGET (${config.slm.budgetMs} ms) by 30s or more`,
      );
    }
    const handle = makeHandler({
      store: createStore(database, now),
      cluster: createClusterReads(config.kube, metrics.kubernetes),
      llm,
      dedupWindowMs: config.analyze.dedupWindowMs,
      declinedHoldMs: config.policy.declinedHoldMs,
      oscillation: config.policy.oscillation,
      cacheTtlMs: config.slm.cacheTtlMs,
      claimLeaseMs: config.analyze.claimLeaseMs,
      budgetMs: config.slm.budgetMs,
      metrics,
      retention: config.retention,
      now,
    });
    return { kind: 'event', handle };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(analyze);

/** Serves analyze configured from the environment (the image entry calls this when FUNCTION=analyze). */
export const main = () => serveFromEnv(analyze);
