import test from 'ava';
import { approvalWakeUp } from '../../../lib/approvals/approve-action.ts';
import { deployment } from '../../support/cluster-fixture.ts';
import { executeHarness, executedData, log, recommendation } from './harness.ts';
import { useExecuteFixture } from './fixture.ts';

// Oscillation over the policy's window: a target whose replicas swing back and forth is not swung again on its own.
const f = useExecuteFixture();

// Only the oscillation gate is under test: the cooldown is shorter than the 20 minutes between steps, and the
// ineffective-chain gate (every step here answers an alert that keeps firing) is out of the way.
const policy = { cooldownMs: '10m', maxIneffectiveRepeats: 100 };

test.serial('4→6→5→7→6→8→7: the first two steps run, the next two wait for a person, then the swing is refused', async (t) => {
  f.fake.add(deployment('swing', 'api', 4));
  const target = { kind: 'Deployment' as const, namespace: 'swing', name: 'api', container: 'api' };
  const handle = executeHarness(f.fake, f.store, f.hooks.url, { policy });
  const replicas = () => (f.fake.get('apps/v1', 'Deployment', 'swing', 'api') as { spec: { replicas: number } }).spec.replicas;
  const verdicts: string[] = [];
  const reasons: string[] = [];
  for (const next of [6, 5, 7, 6, 8, 7]) {
    let done = executedData(
      await handle(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: next } }), { log }),
    );
    const gate = done.verdicts.find((v) => v.gate === 'oscillation');
    verdicts.push(done.status === 'approval_required' ? 'approval' : done.status === 'rejected' ? 'block' : 'perform');
    reasons.push(gate?.reason ?? '');
    if (done.status === 'approval_required') {
      // A person looks and approves: it is performed, and counts as a step of the swing.
      await f.store.actions.decidePending(done.actionId, 'approved', 'dave');
      done = executedData(await handle(approvalWakeUp((await f.store.actions.get(done.actionId))!, new Date()), { log }));
    }
    if (done.status === 'succeeded') t.is(replicas(), next);
    // Twenty minutes pass between steps.
    await f.db.driver.query(`UPDATE actions SET started_at = started_at - interval '20 minutes' WHERE target_key = 'swing/Deployment/api'`);
  }
  t.deepEqual(verdicts, ['perform', 'perform', 'approval', 'approval', 'block', 'block']);
  t.is(replicas(), 6, 'the blocked steps changed nothing');
  t.regex(
    reasons[2] ?? '',
    /^oscillating: replicas went 4 → 6 → 5 → 7: 2 reversal\(s\) in 3 change\(s\) within 360 min, about every 20 min, swinging over 3/,
  );
  t.regex(
    reasons[4] ?? '',
    /^oscillating: replicas went 4 → 6 → 5 → 7 → 6 → 8: 4 reversal\(s\) in 5 change\(s\) .* \(a person from 2, refused from 4 reversals\)$/,
  );
});

test.serial('a steady scale-up is never held back by the oscillation gate', async (t) => {
  f.fake.add(deployment('climb', 'api', 2));
  const target = { kind: 'Deployment' as const, namespace: 'climb', name: 'api', container: 'api' };
  const handle = executeHarness(f.fake, f.store, f.hooks.url, { policy });
  for (const next of [3, 4, 5, 6]) {
    const done = executedData(
      await handle(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: next } }), { log }),
    );
    t.is(done.status, 'succeeded');
    t.regex(done.verdicts.find((v) => v.gate === 'oscillation')?.reason ?? '', /^no reversal/);
    await f.db.driver.query(`UPDATE actions SET started_at = started_at - interval '20 minutes' WHERE target_key = 'climb/Deployment/api'`);
  }
});

test.serial(
  'the swing is measured per dimension: replicas that swung do not hold back a memory increase on the same workload',
  async (t) => {
    const target = { kind: 'Deployment' as const, namespace: 'swing', name: 'api', container: 'api' };
    const handle = executeHarness(f.fake, f.store, f.hooks.url, { policy });
    const done = executedData(
      await handle(
        await recommendation(f.store, 'increase_resources', target, { parameters: { resource: 'memory', increase_percent: 50 } }),
        { log },
      ),
    );
    t.is(done.status, 'succeeded');
    t.regex(done.verdicts.find((v) => v.gate === 'oscillation')?.reason ?? '', /^no reversal/);
    const series = await f.store.actions.changeSeries('swing/Deployment/api', new Date(Date.now() - 86_400_000));
    t.deepEqual([...new Set(series.map((c) => c.dimension))], ['replicas', 'api memory (Mi)']);
    t.like(series.at(-1), { dimension: 'api memory (Mi)', before: 512, after: 768 });
  },
);

test.serial('memory swung up, back by a rollback, and up again waits for a person; once more, it is refused', async (t) => {
  f.fake.add(deployment('mswing', 'api', 2));
  const target = { kind: 'Deployment' as const, namespace: 'mswing', name: 'api', container: 'api' };
  const handle = executeHarness(f.fake, f.store, f.hooks.url, { policy: { ...policy, maxAutoRisk: 'high' } });
  const memory = () =>
    (
      f.fake.get('apps/v1', 'Deployment', 'mswing', 'api') as {
        spec: { template: { spec: { containers: { resources: { requests: { memory: string } } }[] } } };
      }
    ).spec.template.spec.containers[0]?.resources.requests.memory;
  const steps: string[] = [];
  const reasons: string[] = [];
  const held: string[] = [];
  const up = { parameters: { resource: 'memory', increase_percent: 50 } };
  for (const [action, options] of [
    ['increase_resources', up],
    ['rollback_deployment', { confidence: 0.95 }],
    ['increase_resources', up],
    ['rollback_deployment', { confidence: 0.95 }],
    ['increase_resources', up],
  ] as const) {
    let done = executedData(await handle(await recommendation(f.store, action, target, options), { log }));
    steps.push(`${action} ${done.status}`);
    held.push(
      done.verdicts
        .filter((v) => v.verdict !== 'pass')
        .map((v) => `${v.gate} ${v.verdict}`)
        .join(', '),
    );
    reasons.push(done.verdicts.find((v) => v.gate === 'oscillation')?.reason ?? '');
    if (done.status === 'approval_required') {
      await f.store.actions.decidePending(done.actionId, 'approved', 'dave');
      done = executedData(await handle(approvalWakeUp((await f.store.actions.get(done.actionId))!, new Date()), { log }));
      steps.push(`  approved: ${done.status} (memory ${memory()})`);
    } else steps.push(`  memory ${memory()}`);
    await f.db.driver.query(
      `UPDATE actions SET started_at = started_at - interval '20 minutes' WHERE target_key = 'mswing/Deployment/api'`,
    );
  }
  t.deepEqual(steps, [
    'increase_resources succeeded',
    '  memory 768Mi',
    'rollback_deployment succeeded',
    '  memory 512Mi',
    'increase_resources approval_required',
    '  approved: succeeded (memory 768Mi)',
    // Undoing the change just made is flip-flopping: the ineffective-chain gate asks a person too.
    'rollback_deployment approval_required',
    '  approved: succeeded (memory 512Mi)',
    'increase_resources rejected',
    '  memory 512Mi',
  ]);
  t.regex(reasons[2] ?? '', /^oscillating: api memory \(Mi\) went 512 → 768 → 512 → 768/);
  // Each step back is also flip-flopping (the ineffective-chain gate); the swing itself is the oscillation gate's.
  t.deepEqual(held, [
    '',
    '',
    'ineffective_chain approval, oscillation approval',
    'ineffective_chain approval',
    'ineffective_chain approval, oscillation block',
  ]);
  t.regex(reasons[4] ?? '', /^oscillating: api memory \(Mi\) went 512 → 768 → 512 → 768 → 512/);
});
