import type { Containment } from '../../lib/assess/containment.ts';
import type { AssessmentInputs } from '../../lib/assess/score.ts';
import type { ActionName } from '../../lib/domain/action-name.ts';
import { actionSpec } from '../../lib/catalog/catalog.ts';
import { changesBetween } from '../../lib/catalog/dimensions.ts';
import type { ActionRecommendedData } from '../../lib/events/action-recommended.ts';
import { isPodController, targetKey, type Target } from '../../lib/domain/target.ts';
import type { ActionRecord, AssessmentRecord } from '../../lib/domain/records.ts';
import type { AssessDeps } from './deps.ts';

// The workload whose health tells whether the action helped: the target, or (for a pod) the workload it belongs to.
const workloadOf = (action: ActionRecord, rec: ActionRecommendedData | null): Target | null => {
  if (action.target && isPodController(action.target.kind)) return { ...action.target, kind: action.target.kind, container: null };
  const w = rec?.alert.workload;
  return w && isPodController(w.kind) ? { kind: w.kind, namespace: w.namespace, name: w.name, container: null } : null;
};

const health = async (
  deps: AssessDeps,
  workload: Target | null,
  since: Date,
): Promise<{ health: AssessmentInputs['health']; hasHpa: boolean | null }> => {
  if (!workload || !deps.cluster.available) return { health: null, hasHpa: null };
  const facts = await deps.cluster.workloadFacts(workload);
  if (!facts) return { health: null, hasHpa: null };
  const pods = await deps.cluster.podFacts(
    { pod: null, workload, hpa: null, node: null, pvc: null, verified: true, via: 'owner-chain' },
    50,
  );
  const terminated = pods
    .flatMap((p) => p.containers.map((c) => c.lastTermination))
    .filter((t) => t?.finishedAt && new Date(t.finishedAt) > since);
  const oomKillsSince = terminated.filter((t) => t?.reason === 'OOMKilled').length;
  return {
    health: { ready: facts.readyReplicas ?? 0, desired: facts.replicas ?? 0, restartsSince: terminated.length, oomKillsSince },
    hasHpa: facts.hpa !== null,
  };
};

// For an action that keeps new work off a node: does the node still refuse new pods, and which started on it since?
const containment = async (deps: AssessDeps, action: ActionRecord, since: Date): Promise<Containment | null> => {
  if (action.target?.kind !== 'Node' || !deps.cluster.available) return null;
  const name = action.target.name;
  const [node, pods] = await Promise.all([deps.cluster.nodeFacts(name), deps.cluster.podsOnNode(name)]).catch(() => [null, []] as const);
  if (!node) return null;
  const landed = pods.filter((p) => !p.daemonSet && !p.mirror && p.startedAt !== null && new Date(p.startedAt) > since);
  const newPods = landed.map((p) => `${p.namespace}/${p.name}`);
  return { node: name, unschedulable: node.unschedulable, newPods };
};

// What the action moved: its spec before (pre-state) against the spec after (stored with the outcome).
const movedBy = (action: ActionRecord) => {
  const after = (action.postState as { after?: unknown } | null)?.after;
  return action.target && after !== undefined
    ? changesBetween(action.target.kind, action.preState, after, action.startedAt).map(({ at: _, ...c }) => c)
    : [];
};

/** Everything judged about one action now: resolution, health, drift, recurrence, side effects, containment. */
export const gatherInputs = async (
  deps: AssessDeps,
  action: ActionRecord,
  assessment: AssessmentRecord,
  rec: ActionRecommendedData | null,
): Promise<AssessmentInputs> => {
  const { store, cluster } = deps;
  const now = deps.now();
  const finishedAt = action.finishedAt ?? action.startedAt;
  const key = action.target ? targetKey(action.target) : null;
  const judgedBy = actionSpec(action.action as ActionName).judgedBy;
  const [incident, firing, h, snapshot, later, recurrences, sideEffects, contained, rates] = await Promise.all([
    action.incidentId ? store.incidents.get(action.incidentId) : null,
    deps.alertmanager ? deps.alertmanager.isFiring(action.alertname, action.fingerprint) : null,
    health(deps, workloadOf(action, rec), finishedAt),
    action.target && cluster.available ? cluster.snapshot(action.target).catch(() => null) : null,
    key ? store.history.laterActionsOnTarget(key, action.startedAt) : 0,
    key ? store.history.recurrences(action.alertname, key, finishedAt, now) : 0,
    key ? store.history.otherAlertsOnTarget(action.alertname, key, finishedAt, now) : 0,
    judgedBy === 'containment' ? containment(deps, action, finishedAt) : null,
    store.history.successRatesForAlert(action.alertname),
  ]);
  // Our record says resolved; Alertmanager, when asked, can also say so (a resolution we did not receive).
  const resolved: AssessmentInputs['resolved'] = !incident
    ? null
    : incident.status === 'resolved'
      ? { at: incident.resolvedAt, by: 'incident' }
      : firing === false
        ? { at: null, by: 'alertmanager' }
        : false;
  return {
    action: {
      name: action.action,
      status: action.status === 'dry_run' ? 'dry_run' : 'succeeded',
      judgedBy,
      startedAt: action.startedAt,
      finishedAt,
      postSpecHash: action.postSpecHash,
      preHealth: action.preHealth ?? null,
    },
    now,
    expiresAt: assessment.expiresAt,
    resolved,
    health: h.health,
    workloadHasHpa: h.hasHpa,
    currentSpecHash: snapshot?.specHash ?? null,
    laterOwnActions: later,
    recurrences,
    sideEffects,
    containment: contained,
    changes: movedBy(action),
    samples: rates.find((r) => r.action === action.action)?.samples ?? 0,
  };
};
