import type { ActionSpec } from '../../lib/catalog/action-spec.ts';
import { InvalidError } from '../../lib/errors/errors.ts';
import type { Config } from '../../lib/config/config-schema.ts';
import type { Cluster } from '../../lib/kube/create-cluster.ts';
import type { Snapshot } from '../../lib/domain/kube-request.ts';
import type { Notifier } from '../../lib/notify/notifier.ts';
import type { PolicyDecision } from '../../lib/policy/evaluate-policy.ts';
import type { PolicyFacts } from '../../lib/policy/gate.ts';
import type { Logger } from '../../lib/runtime/logger.ts';
import type { ActionRecord, PlannedChange } from '../../lib/domain/records.ts';
import type { ActionStatus } from '../../lib/domain/execution.ts';
import type { Store } from '../../lib/store/store.ts';
import { kubeEventFor, notificationFor } from './announce.ts';
import { carryOut, plannedChange, type Outcome } from './carry-out.ts';
import type { Executable } from './executable.ts';

/** What acting needs. */
export interface ActDeps {
  store: Store;
  cluster: Cluster;
  notifier: Notifier;
  now: () => Date;
  config: Pick<Config, 'policy'>;
}

const STATUS: Record<PolicyDecision['decision'], ActionStatus> = {
  reject: 'rejected',
  approval: 'approval_required',
  perform: 'running',
  dry_run: 'running',
};

const health = (facts: PolicyFacts) =>
  facts.workload?.replicas !== null && facts.workload?.replicas !== undefined
    ? { ready: facts.workload.readyReplicas ?? 0, desired: facts.workload.replicas }
    : null;

// Stores the decision: a new action, or (an approval being carried out) the approved one decided again.
const save = (
  deps: ActDeps,
  x: Executable,
  spec: ActionSpec,
  d: PolicyDecision,
  status: ActionStatus,
  pre: Snapshot | null,
  existing: ActionRecord | null,
  facts: PolicyFacts,
  planned: PlannedChange | null = null,
): Promise<ActionRecord> => {
  const change = {
    decision: d.decision,
    verdicts: d.verdicts,
    status,
    parameters: d.parameters,
    preState: pre?.state ?? null,
    preSpecHash: pre?.specHash ?? null,
  };
  // Who approved it, and when, stay as the store recorded them.
  if (existing) return deps.store.actions.redecide(existing.id, change);
  const r = x.rec;
  return deps.store.actions
    .insert({
      recommendationEventId: x.recommendationId,
      incidentId: r.incident.id,
      alertname: r.alert.alertname,
      fingerprint: r.alert.fingerprint,
      target: r.target,
      action: spec.name,
      disruptive: spec.disruptive,
      preHealth: health(facts),
      ...change,
      ...(planned ? { postState: planned } : {}),
    })
    .then((a) => a.action);
};

const tell = async (
  deps: ActDeps,
  log: Logger,
  x: Executable,
  spec: ActionSpec,
  action: ActionRecord,
  d: PolicyDecision,
  outcome: Outcome | null,
) => {
  const n = notificationFor(spec, x.rec, action, d.verdicts, outcome);
  if (!n || !deps.notifier.configured) return;
  const failures = await deps.notifier.notify(n);
  if (failures.length) log.warn('notification failed', { failures });
};

/** Acts on the decision: records a refusal or a pending approval, or carries the action out and records how it went. */
export const act = async (
  deps: ActDeps,
  x: Executable,
  spec: ActionSpec,
  facts: PolicyFacts,
  d: PolicyDecision,
  log: Logger,
): Promise<ActionRecord> => {
  const existing = x.approval
    ? await deps.store.actions.get(x.approval.actionId)
    : await deps.store.actions.forRecommendation(x.recommendationId);
  // fromStore let through only an approved action: anything else here is a concurrent change, answered as it is.
  if (x.approval && existing?.status !== 'approved') {
    log.info('approval arrived for an action no longer approved', { status: existing?.status });
    if (!existing) throw new InvalidError(`action ${x.approval.actionId} does not exist`);
    return existing;
  }
  if (!x.approval && existing) {
    // Only a crash mid-action leaves one running: it may have changed something, so it is not repeated.
    if (existing.status !== 'running') return existing;
    return deps.store.actions.finish(existing.id, {
      status: 'failed',
      error: 'interrupted during an earlier attempt; not repeated (it may have partly run)',
    });
  }
  const planFacts = { workload: facts.workload, pvc: facts.pvc, node: facts.node };
  const ctx = { cluster: deps.cluster, target: x.rec.target, parameters: d.parameters, facts: planFacts, now: deps.now() };
  if (d.decision === 'reject' || d.decision === 'approval') {
    // What a person is asked to approve: the exact change, planned now (reads only); approving plans it again.
    const planned = d.decision === 'approval' ? await plannedChange(spec, ctx) : null;
    const action = await save(deps, x, spec, d, STATUS[d.decision], null, existing, facts, planned);
    await tell(deps, log, x, spec, action, d, null);
    return action;
  }
  let saved: ActionRecord | null = existing;
  const outcome = await carryOut(spec, ctx, d.decision, async (pre) => {
    saved = await save(deps, x, spec, d, 'running', pre, saved, facts);
  });
  saved ??= await save(deps, x, spec, d, 'running', outcome.pre, null, facts);
  const action = await deps.store.actions.finish(saved.id, {
    status: outcome.status,
    postState: { ...outcome.record, ...(outcome.post ? { after: outcome.post.state } : {}) },
    postSpecHash: outcome.post?.specHash ?? null,
    error: outcome.error,
  });
  // A snapshot means the target was read, so the Event (events: create, nothing more) can be written; in a dry run too.
  if (outcome.pre && x.rec.target) {
    await deps.cluster
      .announce(x.rec.target, kubeEventFor(spec, x.rec, action, outcome))
      .catch((error: unknown) => log.warn('could not record the Kubernetes Event', { error }));
  }
  await tell(deps, log, x, spec, action, d, outcome);
  log.info('executed', { action: spec.name, status: action.status, decision: d.decision, error: action.error });
  return action;
};
