import type { ActionSpec } from '../catalog/action-spec.ts';
import type { ActionRecommendedData } from '../events/action-recommended.ts';
import { isPodController, targetKey, type Target } from '../domain/target.ts';
import type { ClusterActions } from '../ports/cluster-actions.ts';
import type { ClusterReads } from '../ports/cluster.ts';
import { KubeError } from '../errors/kube-errors.ts';
import { unknownCapacity, type CapacityFacts } from '../domain/capacity-facts.ts';
import type { WorkloadFacts } from '../domain/facts.ts';
import { dimensionsOf } from '../catalog/dimensions.ts';
import { chosenContainer } from '../domain/container-choice.ts';
import type { PolicyFacts } from '../policy/gate.ts';
import { analyseOscillation, type DimensionChange, type Oscillation } from '../domain/oscillation.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { Store } from '../store/store.ts';

/** What the facts are gathered for: the target, the parameters, and the alert and incident the action answers. */
export interface FactsRequest {
  target: ActionRecommendedData['target'];
  parameters: ActionRecommendedData['parameters'];
  alert: Pick<ActionRecommendedData['alert'], 'fingerprint' | 'alertname'>;
  /** None for a what-if check (no alert behind it). */
  incident: Pick<ActionRecommendedData['incident'], 'id'> | null;
}

/** What the gates read from the cluster: the read-only port and the plain read of an object. */
export type FactsCluster = ClusterReads & Pick<ClusterActions, 'read'>;

// The operand as the API returns it, null when it does not exist, undefined when its kind is one we cannot read
// (the facts are unknown: the gates treat it like no cluster access, never a 500).
const readOperand = (cluster: FactsCluster, t: Target): Promise<Record<string, unknown> | null | undefined> =>
  cluster
    .read(t)
    .catch((error: unknown) => (error instanceof KubeError && error.failure === 'invalid' ? undefined : Promise.reject(error)));

// The workload whose facts the gates need: the target itself, or the one an HPA scales.
const workloadOf = async (cluster: FactsCluster, t: Target): Promise<WorkloadFacts | null> => {
  if (isPodController(t.kind)) return cluster.workloadFacts(t);
  if (t.kind !== 'HorizontalPodAutoscaler') return null;
  const ref = (await cluster.read(t))?.spec?.scaleTargetRef as { kind?: string; name?: string } | undefined;
  return ref?.kind && ref.name
    ? cluster.workloadFacts({ kind: ref.kind as Target['kind'], namespace: t.namespace, name: ref.name, container: null })
    : null;
};

type Proposed = Omit<DimensionChange, 'at'>[];

// What the action would move on its operand, from its parameters, the operand's spec now and the container it means.
const proposedOf = (
  spec: ActionSpec,
  rec: FactsRequest,
  object: Record<string, unknown> | null | undefined,
  workload: WorkloadFacts | null,
): Proposed | null => {
  if (!spec.proposes || !rec.target) return null;
  const container = chosenContainer(rec.target.container ?? null, workload)?.name ?? null;
  return spec.proposes(rec.parameters, dimensionsOf(rec.target.kind, object?.spec), container);
};

// The target's swing over the policy's window with the proposed step counted; only the dimensions the action moves
// when it can say which (a memory increase is not held back by replicas that swung).
const swingOf = (proposed: Proposed | null, series: DimensionChange[], policy: Policy, now: Date): Oscillation | null => {
  if (!proposed) return null;
  const moved = new Set(proposed.map((p) => p.dimension));
  return analyseOscillation(moved.size ? series.filter((c) => moved.has(c.dimension)) : series, now, policy.oscillation, proposed);
};

// The room a change that raises a number needs: read only then (a scale-down asks nothing), never a throw.
const capacityFor = (
  cluster: FactsCluster,
  namespace: string | null | undefined,
  proposed: Proposed | null,
): Promise<CapacityFacts> | null =>
  namespace && cluster.available && proposed?.some((c) => c.after > c.before)
    ? cluster.capacityFacts(namespace).catch((error: unknown) => unknownCapacity(namespace, (error as Error).message))
    : null;

/**
 * Everything the gates read, from the cluster and the history. With a `holder`, takes the target's in-flight lock
 * when it is free (execute); with null, only looks whether another holds it (a check that changes nothing).
 */
export const gatherFacts = async (
  deps: { store: Store; cluster: FactsCluster; policy: Policy; assess: { validityMs: number }; now: () => Date },
  rec: FactsRequest,
  spec: ActionSpec,
  holder: string | null,
): Promise<PolicyFacts & { lockAcquired: boolean }> => {
  const { store, cluster, policy } = deps;
  const now = deps.now();
  const t = rec.target;
  const key = t ? targetKey(t) : null;
  const since = (ms: number) => new Date(now.getTime() - ms);
  const locking = spec.mutating && key !== null;
  // A read RBAC forbids will stay forbidden: the facts are unknown and the target gate refuses, naming the permission
  // (a retry could not help, and acting on what could not be read is not safe).
  const forbidden: string[] = [];
  const readable = <T>(read: Promise<T>, unknown: T): Promise<T> =>
    read.catch((error: unknown) => {
      if (!(error instanceof KubeError && error.failure === 'forbidden')) throw error;
      forbidden.push(error.message);
      return unknown;
    });
  const [alertStatus, incident, object, workload, pvc, node, lastActionAt, declined, lockAcquired] = await Promise.all([
    store.alerts.status(rec.alert.fingerprint),
    rec.incident ? store.incidents.get(rec.incident.id) : null,
    t && cluster.available ? readable(readOperand(cluster, t), undefined) : undefined,
    t && cluster.available ? readable(workloadOf(cluster, t), null) : null,
    t?.kind === 'PersistentVolumeClaim' && t.namespace ? readable(cluster.pvcFacts(t.namespace, t.name), null) : null,
    t?.kind === 'Node' ? readable(cluster.nodeFacts(t.name), null) : null,
    key ? store.actions.lastAt(key, spec.name) : null,
    key ? store.actions.declines([key], { action: spec.name, limit: 1 }) : [],
    !locking
      ? false
      : holder === null
        ? store.locks.isHeld(key).then((held) => !held)
        : store.locks.acquire(key, holder, policy.lockLeaseMs),
  ]);
  const proposed = proposedOf(spec, rec, object, workload);
  const [capacity, held, inNamespace, inCluster, recent, failures, chain, rates, baseline, series] = await Promise.all([
    capacityFor(cluster, t?.namespace, proposed),
    store.locks.held(),
    t?.namespace ? store.actions.countSince(since(policy.blastRadius.windowMs), { namespace: t.namespace, disruptiveOnly: true }) : 0,
    store.actions.countSince(since(policy.blastRadius.windowMs), { disruptiveOnly: true }),
    store.actions.countSince(since(policy.rateSpike.windowMs)),
    key ? store.history.consecutiveFailures(key) : 0,
    key ? store.history.ineffectiveChain(key, spec.name) : { length: 0, repeatsOnOwnChange: 0, oscillating: false },
    store.history.successRatesForAlert(rec.alert.alertname),
    store.history.noActionBaseline(rec.alert.alertname, deps.assess.validityMs),
    key && spec.proposes ? store.actions.changeSeries(key, since(policy.oscillation.windowMs)) : [],
  ]);
  return {
    now,
    clusterAvailable: cluster.available,
    alertStatus,
    incidentStatus: incident?.status ?? null,
    targetExists: object === undefined ? null : object !== null,
    unreadable: forbidden[0] ?? null,
    workload,
    pvc,
    node,
    lastActionAt,
    declined: declined[0] ?? null,
    lockHeldByOther: locking && !lockAcquired,
    lockAcquired: lockAcquired && holder !== null,
    otherActionsInFlight: held - (lockAcquired && holder !== null ? 1 : 0),
    disruptiveInNamespace: inNamespace,
    disruptiveInCluster: inCluster,
    actionsInSpikeWindow: recent,
    consecutiveFailures: failures,
    chain,
    proposed,
    capacity,
    oscillation: swingOf(proposed, series, policy, now),
    effectiveness: rates.find((r) => r.action === spec.name) ?? null,
    baseline,
  };
};
