import test from 'ava';
import { applicableActions } from '../../../lib/catalog/target-chain.ts';
import { chainFromLabels } from '../../../lib/domain/target-chain.ts';
import { buildContext } from '../../../lib/slm/analysis-context.ts';
import type { ActionRecord, Decline } from '../../../lib/domain/records.ts';
import { alertFrom } from '../../support/alerts.ts';

const alert = alertFrom({ alertname: 'KubeContainerOOMKilled', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q', container: 'api' });
const chain = chainFromLabels(alert);
const context = (declines: Decline[], recentActions: ActionRecord[] = []) =>
  buildContext({
    alert,
    chain,
    workload: null,
    pods: [],
    events: [],
    node: null,
    pvc: null,
    recentActions,
    declines,
    actionStats: [],
    targetStats: [],
    baseline: null,
    allowedActions: applicableActions(chain),
  });
const at = new Date('2026-11-27T00:40:00Z');

test('an action a person declined on the object it works on is not offered, and is listed with who declined it', (t) => {
  const c = context([{ target: 'shop/Deployment/api', action: 'increase_resources', by: 'carol', at }]);
  t.false(c.allowedActions.includes('increase_resources'));
  t.true(c.allowedActions.includes('restart_deployment'));
  t.true(c.allowedActions.includes('restart_pod'));
  t.deepEqual(c.history.declinedByPerson, [
    { action: 'increase_resources', target: 'shop/Deployment/api', by: 'carol', at: at.toISOString() },
  ]);
});

test('a decline of the same action on another object keeps it on offer', (t) => {
  const c = context([{ target: 'shop/Pod/api-7c9d5b8f6-other', action: 'restart_pod', by: 'carol', at }]);
  t.true(c.allowedActions.includes('restart_pod'));
});

test('recent actions say in words who decided and what a status means', (t) => {
  const base = {
    recommendationEventId: 'r',
    incidentId: null,
    alertname: 'A',
    fingerprint: 'f',
    target: null,
    parameters: {},
    disruptive: true,
    decision: 'approval' as const,
    verdicts: [],
    preState: null,
    preSpecHash: null,
    postState: null,
    postSpecHash: null,
    startedAt: at,
    finishedAt: at,
    error: null,
    decidedAt: at,
    assessment: null,
  };
  const c = context(
    [],
    [
      { ...base, id: '1', action: 'increase_resources', status: 'declined', decidedBy: 'carol' },
      { ...base, id: '2', action: 'restart_deployment', status: 'rejected', decidedBy: null },
      { ...base, id: '3', action: 'restart_deployment', status: 'approval_required', decidedBy: null },
    ],
  );
  t.deepEqual(
    c.history.recentActions.map((a) => [a.status, a.decidedBy]),
    [
      ['declined by a person', 'carol'],
      ['blocked by a safety gate', null],
      ['waiting for a person to approve it', null],
    ],
  );
});
