import { actionSpec } from '../../lib/catalog/catalog.ts';
import { chainFromLabels } from '../../lib/domain/target-chain.ts';
import { operandFor } from '../../lib/catalog/target-chain.ts';
import { ActionRecommended } from '../../lib/events/action-recommended.ts';
import type { Provenance } from '../../lib/domain/provenance.ts';
import { AlertFiring } from '../../lib/events/alert-events.ts';
import { replyId } from '../../lib/events/event-id.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import { targetKey } from '../../lib/domain/target.ts';
import type { ClusterReads } from '../../lib/ports/cluster.ts';
import { traceReads } from '../../lib/kube/fallback-reads.ts';
import type { EventHandler } from '../../lib/runtime/function-spec.ts';
import type { Logger } from '../../lib/runtime/logger.ts';
import type { Llm } from '../../lib/slm/llm.ts';
import { recommend, type AnswerCache, type Degradation } from '../../lib/slm/recommend.ts';
import { recommendationInput } from '../../lib/store/recommendations.ts';
import type { Store } from '../../lib/store/store.ts';
import type { Retention } from '../../lib/store/retention.ts';
import type { OscillationThresholds } from '../../lib/domain/oscillation.ts';
import { predictSuccess } from '../../lib/assess/predict-success.ts';
import { dedupKey } from './dedup-key.ts';
import { gatherContext, resolveTarget } from './gather-context.ts';
import type { AnalyzeMetrics } from './metrics.ts';

/** What analyze needs. */
export interface AnalyzeDeps {
  store: Store;
  cluster: ClusterReads;
  llm: Llm | null;
  dedupWindowMs: number;
  /** The policy's hold after a person's decline (the action stays out of the choices for that object meanwhile). */
  declinedHoldMs: number;
  /** The policy's oscillation window and thresholds (how the alert's objects swung goes into the model's context). */
  oscillation: OscillationThresholds;
  /** How long a claim may take before another delivery may take it over: longer than the slowest model call. */
  claimLeaseMs: number;
  /** All model calls of one analysis fit in this (ms); none given: each call has only its own timeout. */
  budgetMs?: number;
  metrics: AnalyzeMetrics;
  now: () => Date;
  /** The retention policy, applied in passing (none: never pruned here). */
  retention?: Retention;
}

const PRUNE_EVERY_MS = 60 * 60_000;

const count = (metrics: AnalyzeMetrics, provenance: Provenance, degradation: Degradation | null, action: string, log: Logger) => {
  metrics.recommendations.inc({ source: provenance.source, action });
  if (!degradation) return;
  metrics.degraded.inc({ reason: degradation });
  log.warn('recommendation degraded', { reason: provenance.degraded });
};

const answerCache = (store: Store, ttlMs: number): AnswerCache => ({
  get: (key) => store.cache.get(key),
  put: (key, value) => store.cache.put(key, value, ttlMs),
});

/** alert.firing → one recommendation per incident (model, else rules) → action.recommended. */
export const makeHandler =
  (deps: AnalyzeDeps & { cacheTtlMs: number }): EventHandler =>
  async (event, { log }) => {
    const alert = AlertFiring.parse(event);
    const claim = await deps.store.claim('analyze', alert, deps.claimLeaseMs, async (tx) => {
      await tx.alerts.upsert(alert.data);
      return tx.incidents.fold({
        dedupKey: dedupKey(alert.data),
        alert: alert.data,
        target: alert.data.workload ?? alert.data.target,
        eventId: alert.id,
        windowMs: deps.dedupWindowMs,
      });
    });
    if (claim.state === 'done') {
      log.info('redelivered: answering as the first time');
      return claim.reply;
    }
    const { incident, opened } = claim.result;
    if (!opened) {
      deps.metrics.folded.inc();
      log.info('folded into an open incident: no new analysis', { incidentId: incident.id, occurrences: incident.occurrences });
      return deps.store.complete('analyze', alert, async () => undefined);
    }
    const cluster = traceReads(deps.cluster);
    const chain = await resolveTarget(cluster.reads, alert.data, chainFromLabels(alert.data), log);
    const context = await gatherContext({ ...deps, cluster: cluster.reads, store: deps.store }, alert.data, chain, log);
    const facts = cluster.provenance();
    if (facts.fallback)
      log.warn('cluster facts fell back from the Kubernetes MCP server', { source: facts.source, reason: facts.fallback });
    const { rawOutput, provenance, degradation, ...rec } = await recommend(
      { llm: deps.llm, cache: answerCache(deps.store, deps.cacheTtlMs), ...(deps.budgetMs ? { budgetMs: deps.budgetMs } : {}) },
      context,
    );
    const spec = actionSpec(rec.action);
    const target = operandFor(spec, chain);
    // What the learning loop expects of it: checked against the assessment later (alerts-slm stats).
    const prediction = spec.mutating ? predictSuccess(context.history.actionStats.find((s) => s.action === rec.action)) : null;
    count(deps.metrics, provenance, degradation, rec.action, log);
    const reply = ActionRecommended.create(
      {
        alert: alert.data,
        incident: { id: incident.id, dedupKey: incident.dedupKey, occurrences: incident.occurrences },
        target,
        ...rec,
        provenance: { ...provenance, facts },
        prediction,
      },
      { id: replyId(ActionRecommended.type, alert), source: functionSource('analyze'), time: deps.now(), subject: alert.data.alertname },
    );
    const answer = await deps.store.complete('analyze', alert, async (tx) => {
      await tx.recommendations.insert(recommendationInput(reply, rawOutput));
      log.info('recommended', {
        action: rec.action,
        source: provenance.source,
        facts: facts.source,
        confidence: rec.confidence,
        target: target ? targetKey(target) : null,
      });
      return reply;
    });
    await keepTidy(deps, log);
    return answer;
  };

// Retention without a standing process: a new incident means new rows, so this is when old ones go (hourly at most).
const keepTidy = async (deps: AnalyzeDeps, log: Logger): Promise<void> => {
  if (!deps.retention) return;
  const pruned = await deps.store.retention
    .pruneIfDue(deps.retention, PRUNE_EVERY_MS)
    .catch((error: unknown) => void log.warn('pruning failed; the next pass retries', { error }));
  if (pruned && Object.values(pruned).some((n) => n > 0)) log.info('pruned what is past its retention', pruned);
};
