import { actionSpec } from '../../lib/catalog/catalog.ts';
import { ActionExecuted } from '../../lib/events/action-executed.ts';
import type { ExecutionStatus } from '../../lib/domain/execution.ts';
import { replyId } from '../../lib/events/event-id.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import { targetKey } from '../../lib/domain/target.ts';
import type { Policy } from '../../lib/policy/policy-schema.ts';
import type { EventHandler } from '../../lib/runtime/function-spec.ts';
import type { Config } from '../../lib/config/config-schema.ts';
import type { ActionRecord } from '../../lib/domain/records.ts';
import { act, type ActDeps } from './act.ts';
import { decide } from './decide.ts';
import { fromStore, parseWake, type Executable } from './executable.ts';
import { gatherFacts } from '../../lib/gate-facts/gather-facts.ts';
import type { ExecuteMetrics } from './metrics.ts';

/** What execute needs. */
export interface ExecuteDeps extends ActDeps {
  policy: Policy;
  dryRun: boolean;
  assess: Config['assess'];
  claimLeaseMs: number;
  metrics: ExecuteMetrics;
}

// What the reply says of an action: a status of the event contract (one still running here was interrupted).
const replyStatus = (status: ActionRecord['status']): ExecutionStatus =>
  status === 'approved' || status === 'declined' || status === 'expired' ? 'rejected' : status === 'running' ? 'failed' : status;

const executed = (x: Executable, a: ActionRecord, now: Date) =>
  ActionExecuted.create(
    {
      actionId: a.id,
      recommendationId: x.recommendationId,
      incidentId: x.rec.incident.id,
      alertname: x.rec.alert.alertname,
      fingerprint: x.rec.alert.fingerprint,
      target: x.rec.target,
      action: x.rec.action,
      parameters: a.parameters,
      status: replyStatus(a.status),
      verdicts: a.verdicts,
      preSpecHash: a.preSpecHash,
      postSpecHash: a.postSpecHash,
      error: a.error,
      startedAt: a.startedAt.toISOString(),
      finishedAt: (a.finishedAt ?? now).toISOString(),
    },
    { id: replyId(ActionExecuted.type, x.event), source: functionSource('execute'), time: now, subject: x.rec.alert.alertname },
  );

/**
 * action.recommended (or action.approved) → what the store backs → gates → the action done, simulated or refused →
 * action.executed. The event only wakes execute: the recommendation and the approval are read from Postgres.
 */
export const makeHandler =
  (deps: ExecuteDeps): EventHandler =>
  async (input, { log }) => {
    const wake = parseWake(input);
    const claim = await deps.store.claim('execute', wake.event, deps.claimLeaseMs, async () => undefined);
    if (claim.state === 'done') {
      log.info('redelivered: answering as the first time');
      return claim.reply;
    }
    let lock: string | null = null;
    try {
      const { x, done } = await fromStore(deps.store, wake);
      if (done) return await deps.store.complete('execute', x.event, async () => executed(x, done, deps.now()));
      const spec = actionSpec(x.rec.action);
      lock = x.rec.target && spec.mutating ? targetKey(x.rec.target) : null;
      const facts = await gatherFacts(deps, x.rec, spec, x.event.id);
      const decision = decide(x, spec, facts, deps.policy, deps.dryRun);
      for (const v of decision.verdicts.filter((v) => v.verdict !== 'pass')) deps.metrics.blocked.inc({ gate: v.gate, verdict: v.verdict });
      const action = await act(deps, x, spec, facts, decision, log);
      deps.metrics.outcomes.inc({ action: spec.name, status: action.status });
      deps.metrics.processed.inc({ action: spec.name, status: action.status });
      // Carried out (or simulated) against the API: the actions whose catalog entry needs any Kubernetes permission.
      const carriedOut = decision.decision === 'perform' || decision.decision === 'dry_run';
      if (carriedOut && spec.permissions.length > 0) deps.metrics.k8sActions.inc({ type: spec.name, result: action.status });
      return await deps.store.complete('execute', x.event, async () => executed(x, action, deps.now()));
    } catch (error) {
      // Nothing was changed (act records every failure after a change itself): give the claim back for the retry.
      await deps.store.abandon('execute', wake.event);
      throw error;
    } finally {
      if (lock) await deps.store.locks.release(lock, wake.event.id);
    }
  };
