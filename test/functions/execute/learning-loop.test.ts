import test from 'ava';
import type { ActionName } from '../../../lib/domain/action-name.ts';
import { deployment } from '../../support/cluster-fixture.ts';
import { recommendation } from './harness.ts';
import { useExecuteFixture } from './fixture.ts';

// The learning loop in execute: measured outcomes change what may run on its own, after enough samples and not before.
const f = useExecuteFixture();

let n = 0;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
/** A past performed action, assessed with `outcome`, on `target` (or elsewhere), hours ago (outside any cooldown). */
const past = async (
  alertname: string,
  action: ActionName,
  outcome: 'effective' | 'ineffective',
  target: { namespace: string; name: string } | null,
  hours: number,
) => {
  const t = target
    ? { kind: 'Deployment', namespace: target.namespace, name: target.name }
    : { kind: 'Deployment', namespace: `else-${++n}`, name: 'x' };
  const { action: a } = await f.store.actions.insert({
    recommendationEventId: `past-${++n}`,
    incidentId: null,
    alertname,
    fingerprint: `f-${n}`,
    target: t,
    action,
    parameters: {},
    disruptive: true,
    decision: 'perform',
    verdicts: [],
    status: 'succeeded',
    preState: null,
    preSpecHash: `h${n}`,
    preHealth: null,
  });
  await f.db.driver.query('UPDATE actions SET started_at = $2, finished_at = $2, post_spec_hash = $3 WHERE id = $1', [
    a.id,
    hoursAgo(hours),
    `h${n + 1}`,
  ]);
  const s = await f.store.assessments.schedule(a.id, hoursAgo(hours), hoursAgo(hours));
  await f.store.assessments.save(s.id, {
    outcome,
    score: outcome === 'effective' ? 1 : 0,
    resolved: outcome === 'effective',
    factors: [],
    baselineRate: null,
    reasoning: 'seeded',
  });
};
const fresh = () => {
  const ns = `learn-${++n}`;
  f.fake.add(deployment(ns, 'api'));
  return { kind: 'Deployment' as const, namespace: ns, name: 'api', container: 'api' };
};

test.serial('an action measured ineffective for this alert is demoted to approval after five samples, not after four', async (t) => {
  for (let i = 0; i < 4; i++) await past('TestAlert', 'restart_deployment', 'ineffective', null, 5 + i);
  const four = await f.execute(await recommendation(f.store, 'restart_deployment', fresh()));
  t.is(four.status, 'succeeded');
  t.regex(four.verdicts.find((v) => v.gate === 'effectiveness')?.reason ?? '', /^4 assessed/);
  await past('TestAlert', 'restart_deployment', 'ineffective', null, 10);
  const five = await f.execute(await recommendation(f.store, 'restart_deployment', fresh()));
  t.is(five.status, 'approval_required');
  t.regex(five.verdicts.find((v) => v.gate === 'effectiveness')?.reason ?? '', /helped in 0% of 5 assessed cases .* demoted to approval/);
});

test.serial(
  'the same action repeated on a target without the alert clearing escalates after the configured repeats, not before',
  async (t) => {
    const target = fresh();
    await past('OtherAlert', 'scale_deployment', 'ineffective', target, 3);
    const once = await f.execute(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 5 } }));
    t.is(once.status, 'succeeded', 'one earlier ineffective scale is not yet a chain');
    await f.db.driver.query('UPDATE actions SET started_at = $2 WHERE id = $1', [once.actionId, hoursAgo(2)]);
    const twice = await f.execute(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 6 } }));
    t.is(twice.status, 'approval_required');
    t.regex(
      twice.verdicts.find((v) => v.gate === 'ineffective_chain')?.reason ?? '',
      /already ran 2 times here while the alert kept firing/,
    );
  },
);
