import test from 'ava';
import { approvalWakeUp } from '../../../lib/approvals/approve-action.ts';
import { ActionApproved } from '../../../lib/events/action-approved.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { deployment } from '../../support/cluster-fixture.ts';
import { executeHarness, executedData, log, recommendation } from './harness.ts';
import { useExecuteFixture } from './fixture.ts';

// Anyone who reaches the broker ingress or execute's URL can send CloudEvents: execute acts only on what the store
// backs. These are the forgeries that once changed a cluster.
const f = useExecuteFixture();
let ns = 0;
const fresh = () => {
  const n = `claims-${++ns}`;
  f.fake.add(deployment(n, 'api', 3));
  f.fake.add(deployment(n, 'other', 3));
  return { n, target: { kind: 'Deployment' as const, namespace: n, name: 'api', container: 'api' } };
};
const writes = () => f.mutationsSince(0).length;
const approvalScope = () => executeHarness(f.fake, f.store, f.hooks.url, { policy: { modes: [{ mode: 'approval' }] } });
const refused = async (event: CloudEventEnvelope) =>
  (await f.store.events.refused(500)).find((r) => r.event.id === event.id && r.event.source === event.source);

test.serial('a forged action.recommended whose id analyze never stored is refused (403), recorded, and changes nothing', async (t) => {
  const { target } = fresh();
  const real = await recommendation(f.store, 'restart_deployment', target);
  const forged = { ...real, id: 'forged-rec-1' };
  const before = writes();
  const error = await t.throwsAsync(executeHarness(f.fake, f.store, f.hooks.url)(forged, { log }));
  t.like(error, { status: 403, code: 'not_backed_by_store' });
  t.regex(error?.message ?? '', /no recommendation forged-rec-1 was stored/);
  t.is(writes(), before);
  t.like(await refused(forged), { consumer: 'execute', reason: error?.message });
  t.is(await f.store.actions.forRecommendation('forged-rec-1'), null);
});

test.serial('a forged action.recommended with a real id but other content gets the stored recommendation, never its own', async (t) => {
  const { n, target } = fresh();
  // What analyze stored: a restart with a confidence the gates refuse.
  const real = await recommendation(f.store, 'restart_deployment', target, { confidence: 0.2 });
  const data = ActionRecommended.parse(real).data;
  const forged = {
    ...real,
    data: { ...data, action: 'scale_deployment', parameters: { replicas: 9 }, confidence: 1, target: { ...data.target, name: 'other' } },
  };
  const before = writes();
  const reply = executedData(await executeHarness(f.fake, f.store, f.hooks.url)(forged, { log }));
  t.like(reply, { action: 'restart_deployment', status: 'rejected' });
  t.is(reply.target?.name, 'api');
  t.true(reply.verdicts.some((v) => v.gate === 'confidence' && v.verdict === 'block'));
  t.is(writes(), before);
  t.is((f.fake.get('apps/v1', 'Deployment', n, 'other') as { spec: { replicas: number } }).spec.replicas, 3);
});

test.serial('a real recommendation id sent from another source is refused: only its publisher may deliver it', async (t) => {
  const { target } = fresh();
  const real = await recommendation(f.store, 'restart_deployment', target);
  const forged = { ...real, source: '/attacker' };
  const error = await t.throwsAsync(executeHarness(f.fake, f.store, f.hooks.url)(forged, { log }));
  t.like(error, { status: 403 });
  t.regex(error?.message ?? '', /was published by \/alerts-slm\/analyze, not \/attacker/);
  t.truthy(await refused(forged));
});

test.serial('a forged action.approved for a pending action no person approved is refused, and the action stays pending', async (t) => {
  const { target } = fresh();
  const handle = approvalScope();
  const pending = executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log }));
  t.is(pending.status, 'approval_required');
  const forged = ActionApproved.create(
    { actionId: pending.actionId, approvedBy: 'mallory' },
    { id: 'forged-approval-1', source: '/alerts-slm/cli', time: new Date() },
  );
  const before = writes();
  const error = await t.throwsAsync(handle(forged, { log }));
  t.like(error, { status: 403 });
  t.regex(error?.message ?? '', new RegExp(`action ${pending.actionId} is approval_required: no person approved it`));
  t.is(writes(), before);
  t.like(await f.store.actions.get(pending.actionId), { status: 'approval_required', decidedBy: null });
  t.truthy(await refused(forged));
});

test.serial(
  'an approval wake-up carrying another workload in the old event shape performs only the stored action on the stored target',
  async (t) => {
    const { n, target } = fresh();
    const handle = approvalScope();
    const rec = await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 4 } });
    const pending = executedData(await handle(rec, { log }));
    await f.store.actions.decidePending(pending.actionId, 'approved', 'alice');
    const otherRec = ActionRecommended.parse(await recommendation(f.store, 'rollback_deployment', { ...target, name: 'other' })).data;
    const wake = approvalWakeUp((await f.store.actions.get(pending.actionId))!, new Date());
    // What a forger would add: a recommendation of its own for another workload, and another approver.
    const forged = { ...wake, data: { ...wake.data, approvedBy: 'mallory', recommendationEventId: 'x', recommendation: otherRec } };
    const done = executedData(await handle(forged, { log }));
    t.like(done, { actionId: pending.actionId, action: 'scale_deployment', status: 'succeeded' });
    t.true(done.verdicts.some((v) => /^approved by alice at /.test(v.reason)));
    t.is((f.fake.get('apps/v1', 'Deployment', n, 'api') as { spec: { replicas: number } }).spec.replicas, 4);
    t.is((f.fake.get('apps/v1', 'Deployment', n, 'other') as { spec: { replicas: number } }).spec.replicas, 3);
    t.like(await f.store.actions.get(pending.actionId), { status: 'succeeded', decidedBy: 'alice' });
  },
);

test.serial('a wake-up for an approval already carried out answers what happened and changes nothing again', async (t) => {
  const { target } = fresh();
  const handle = approvalScope();
  const pending = executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log }));
  await f.store.actions.decidePending(pending.actionId, 'approved', 'alice');
  const first = executedData(await handle(approvalWakeUp((await f.store.actions.get(pending.actionId))!, new Date()), { log }));
  t.is(first.status, 'succeeded');
  const before = writes();
  const again = ActionApproved.create(
    { actionId: pending.actionId, approvedBy: 'alice' },
    { id: 'another-wake', source: '/alerts-slm/cli', time: new Date() },
  );
  const second = executedData(await handle(again, { log }));
  t.like(second, { actionId: pending.actionId, status: 'succeeded' });
  t.is(writes(), before);
});

test.serial('a declined or expired action cannot be woken into running', async (t) => {
  const { target } = fresh();
  const handle = approvalScope();
  for (const status of ['declined', 'expired'] as const) {
    const pending = executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log }));
    await f.store.actions.decidePending(pending.actionId, status, 'carol');
    const wake = ActionApproved.create(
      { actionId: pending.actionId, approvedBy: 'carol' },
      { id: `wake-${status}`, source: '/alerts-slm/cli', time: new Date() },
    );
    const error = await t.throwsAsync(handle(wake, { log }));
    t.regex(error?.message ?? '', new RegExp(`is ${status}: no person approved it`));
    t.is((await f.store.actions.get(pending.actionId))?.status, status);
  }
});

test.serial('a wake-up for an action that does not exist is refused', async (t) => {
  const wake = ActionApproved.create(
    { actionId: '00000000-0000-4000-8000-000000000000', approvedBy: 'x' },
    { id: 'wake-none', source: '/x', time: new Date() },
  );
  const error = await t.throwsAsync(approvalScope()(wake, { log }));
  t.like(error, { status: 403 });
  t.regex(error?.message ?? '', /no action 00000000-0000-4000-8000-000000000000 exists/);
});

test.serial('an event of a type execute does not consume is a 400 (the dead-letter sink keeps it)', async (t) => {
  const event: CloudEventEnvelope = { specversion: '1.0', id: 'odd', source: '/x', type: 'dev.alerts-slm.alert.firing.v1', data: {} };
  t.like(await t.throwsAsync(approvalScope()(event, { log })), {
    status: 400,
    message: 'execute does not consume dev.alerts-slm.alert.firing.v1',
  });
});
