import { actionSpec } from '../../lib/catalog/catalog.ts';
import { chainFromLabels, operandFor } from '../../lib/catalog/target-chain.ts';
import { ActionRecommended, type Provenance } from '../../lib/events/action-recommended.ts';
import { AlertFiring } from '../../lib/events/alert-events.ts';
import { replyId } from '../../lib/events/event-id.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import { targetKey } from '../../lib/events/target.ts';
import type { ClusterReads } from '../../lib/kube/cluster.ts';
import type { EventHandler } from '../../lib/runtime/function-spec.ts';
import type { Logger } from '../../lib/runtime/logger.ts';
import type { Llm } from '../../lib/slm/llm.ts';
import { recommend, type AnswerCache, type Degradation } from '../../lib/slm/recommend.ts';
import { recommendationInput } from '../../lib/store/recommendations.ts';
import type { Store } from '../../lib/store/store.ts';
import { dedupKey } from './dedup-key.ts';
import { gatherContext, resolveTarget } from './gather-context.ts';
import type { AnalyzeMetrics } from './metrics.ts';

/** What analyze needs. */
export interface AnalyzeDeps {
  store: Store;
  cluster: ClusterReads;
  llm: Llm | null;
  dedupWindowMs: number;
  /** How long a claim may take before another delivery may take it over: longer than the slowest model call. */
  claimLeaseMs: number;
  metrics: AnalyzeMetrics;
  now: () => Date;
}

const count = (metrics: AnalyzeMetrics, provenance: Provenance, degradation: Degradation | null, action: string, log: Logger) => {
  metrics.recommendations.inc({ source: provenance.source, action });
  if (!degradation) return;
  metrics.degraded.inc({ reason: degradation });
  log.warn('recommendation degraded', { reason: provenance.degraded });
};

const answerCache = (store: Store, ttlMs: number): AnswerCache => ({ get: (key) => store.cachedAnswer(key), put: (key, value) => store.cacheAnswer(key, value, ttlMs) });

/** alert.firing → one recommendation per incident (model, else rules) → action.recommended. */
export const makeHandler = (deps: AnalyzeDeps & { cacheTtlMs: number }): EventHandler => async (event, { log }) => {
  const alert = AlertFiring.parse(event);
  const claim = await deps.store.claim('analyze', alert, deps.claimLeaseMs, async (tx) => {
    await tx.upsertAlert(alert.data);
    return tx.foldIntoIncident({ dedupKey: dedupKey(alert.data), alert: alert.data, target: alert.data.workload ?? alert.data.target, eventId: alert.id, windowMs: deps.dedupWindowMs });
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
  const chain = await resolveTarget(deps.cluster, alert.data, chainFromLabels(alert.data), log);
  const context = await gatherContext({ ...deps, store: deps.store }, alert.data, chain, log);
  const { rawOutput, degradation, ...rec } = await recommend({ llm: deps.llm, cache: answerCache(deps.store, deps.cacheTtlMs) }, context);
  const target = operandFor(actionSpec(rec.action), chain);
  count(deps.metrics, rec.provenance, degradation, rec.action, log);
  const reply = ActionRecommended.create(
    { alert: alert.data, incident: { id: incident.id, dedupKey: incident.dedupKey, occurrences: incident.occurrences }, target, ...rec },
    { id: replyId(ActionRecommended.type, alert), source: functionSource('analyze'), time: deps.now(), subject: alert.data.alertname },
  );
  return deps.store.complete('analyze', alert, async (tx) => {
    await tx.insertRecommendation(recommendationInput(reply, rawOutput));
    log.info('recommended', { action: rec.action, source: rec.provenance.source, confidence: rec.confidence, target: target ? targetKey(target) : null });
    return reply;
  });
};
