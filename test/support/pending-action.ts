import { ActionRecommended } from '../../lib/events/action-recommended.ts';
import { ruleProvenance } from '../../lib/slm/rule-provenance.ts';
import { recommendationInput } from '../../lib/store/recommendations.ts';
import type { SqlDriver } from '../../lib/store/sql.ts';
import type { Store } from '../../lib/store/store.ts';
import { alertFrom } from './alerts.ts';

/**
 * A rollback of shop/Deployment/web-<n> waiting for a person, stored as analyze and execute would have stored it
 * (the incident, the recommendation, the action at approval_required), started `startedMinutesAgo` ago.
 */
export const pendingAction = async (store: Store, driver: SqlDriver, n: number, startedMinutesAgo = 1) => {
  const alert = alertFrom({ alertname: 'PendingAlert', namespace: 'shop', deployment: `web-${n}` });
  const { incident } = await store.incidents.fold({ dedupKey: `p-${n}`, alert, target: null, eventId: `e-${n}`, windowMs: 3_600_000 });
  const target = { kind: 'Deployment' as const, namespace: 'shop', name: `web-${n}`, container: null };
  const rec = ActionRecommended.create(
    {
      alert,
      incident: { id: incident.id, dedupKey: `p-${n}`, occurrences: 1 },
      target: { ...target, verified: true, via: 'labels' },
      action: 'rollback_deployment',
      parameters: {},
      confidence: 0.9,
      reasoning: 'r',
      evidence: [],
      provenance: ruleProvenance(),
    },
    { id: `rec-p-${n}`, source: '/alerts-slm/analyze', time: new Date() },
  );
  await store.recordOnce('analyze', { ...rec, id: `cause-p-${n}` }, async (tx) => {
    await tx.recommendations.insert(recommendationInput(rec, null));
    return rec;
  });
  const { action } = await store.actions.insert({
    recommendationEventId: rec.id,
    incidentId: incident.id,
    alertname: alert.alertname,
    fingerprint: alert.fingerprint,
    target,
    action: 'rollback_deployment',
    parameters: {},
    disruptive: true,
    decision: 'approval',
    verdicts: [{ gate: 'risk', verdict: 'approval', reason: 'high risk needs approval' }],
    status: 'approval_required',
    preState: null,
    preSpecHash: null,
  });
  await driver.query('UPDATE actions SET started_at = $2 WHERE id = $1', [action.id, new Date(Date.now() - startedMinutesAgo * 60_000)]);
  return { action, rec };
};
