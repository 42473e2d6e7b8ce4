import { applicableActions } from '../../lib/catalog/target-chain.ts';
import type { TargetChain } from '../../lib/domain/target-chain.ts';
import type { AlertData } from '../../lib/events/alert-events.ts';
import { targetKey, type Target } from '../../lib/domain/target.ts';
import type { ClusterReads } from '../../lib/ports/cluster.ts';
import { analyseOscillation, type OscillationThresholds } from '../../lib/domain/oscillation.ts';
import type { Logger } from '../../lib/runtime/logger.ts';
import { buildContext, LIMITS, type AnalysisContext } from '../../lib/slm/analysis-context.ts';
import type { StoreTx } from '../../lib/store/store.ts';

// A fact we cannot read is left out (and logged): analysis degrades, it does not fail.
const soft = async <T>(log: Logger, what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    log.warn(`could not read ${what}; analysing without it`, { reason: (error as Error).message });
    return fallback;
  }
};

/** The chain through the cluster, or from the labels when the cluster cannot be asked. */
export const resolveTarget = (cluster: ClusterReads, alert: AlertData, fallback: TargetChain, log: Logger): Promise<TargetChain> =>
  soft(log, 'the owner chain', () => cluster.resolveChain(alert), fallback);

/** What gathering the context needs: the cluster, the history, the windows that bound it, and the clock. */
export interface ContextDeps {
  cluster: ClusterReads;
  store: StoreTx;
  dedupWindowMs: number;
  /** The policy's hold after a person's decline: younger declines keep their action out of the choices. */
  declinedHoldMs: number;
  /** The policy's oscillation window and thresholds: how the chain's objects swung goes into the context. */
  oscillation: OscillationThresholds;
  now: () => Date;
}

/** Gathers the bounded context: workload, pods, events, node or claim, capacity, and this target's history. */
export const gatherContext = async (deps: ContextDeps, alert: AlertData, chain: TargetChain, log: Logger): Promise<AnalysisContext> => {
  const { cluster, store } = deps;
  const subject: Target | null = chain.workload ?? chain.pod ?? chain.node ?? chain.pvc ?? chain.hpa ?? chain.service ?? chain.pv ?? null;
  const eventsOf = (t: Target | null) =>
    t ? soft(log, `events of ${targetKey(t)}`, () => cluster.recentEvents(t, LIMITS.events), []) : Promise.resolve([]);
  const namespace = chain.workload?.namespace;
  const [workload, pods, podEvents, workloadEvents, node, pvc, capacity] = await Promise.all([
    chain.workload ? soft(log, 'the workload', () => cluster.workloadFacts(chain.workload as Target), null) : null,
    soft(log, 'the pods', () => cluster.podFacts(chain, LIMITS.pods), []),
    eventsOf(chain.pod),
    eventsOf(chain.workload ?? chain.node ?? chain.pvc ?? chain.hpa ?? chain.service ?? chain.pv ?? null),
    chain.node ? soft(log, 'the node', () => cluster.nodeFacts(chain.node?.name ?? ''), null) : null,
    chain.pvc?.namespace
      ? soft(log, 'the volume claim', () => cluster.pvcFacts(chain.pvc?.namespace ?? '', chain.pvc?.name ?? ''), null)
      : null,
    // The room a scale-up or resource increase would need: only a workload has one to propose.
    namespace ? soft(log, 'the capacity', () => cluster.capacityFacts(namespace), null) : null,
  ]);
  const key = subject ? targetKey(subject) : null;
  const objects = [chain.pod, chain.workload, chain.hpa, chain.node, chain.pvc, chain.service ?? null, chain.pv ?? null]
    .filter((t): t is Target => t !== null)
    .map(targetKey);
  const moving = [chain.workload, chain.hpa, chain.pvc].filter((t): t is Target => t !== null).map(targetKey);
  const since = new Date(deps.now().getTime() - deps.oscillation.windowMs);
  const [recentActions, declines, actionStats, targetStats, baseline, series] = await Promise.all([
    key ? store.actions.last(key, LIMITS.actions) : [],
    objects.length ? store.actions.declines(objects, { since: new Date(deps.now().getTime() - deps.declinedHoldMs) }) : [],
    store.history.successRatesForAlert(alert.alertname),
    key ? store.history.successRatesForTarget(key) : [],
    store.history.noActionBaseline(alert.alertname, deps.dedupWindowMs),
    Promise.all(moving.map((k) => store.actions.changeSeries(k, since))),
  ]);
  const oscillations = moving.map((target, i) => ({ target, ...analyseOscillation(series[i] ?? [], deps.now(), deps.oscillation) }));
  const events = [...podEvents, ...workloadEvents].sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  const history = { recentActions, declines, oscillations, actionStats, targetStats, baseline };
  return buildContext({ alert, chain, workload, pods, events, node, pvc, capacity, ...history, allowedActions: applicableActions(chain) });
};
