import test from 'ava';
import { Registry } from 'prom-client';
import { approvalWakeUp } from '../../../lib/approvals/approve-action.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import { deployment, hpa } from '../../support/cluster-fixture.ts';
import { sampleSum } from '../../support/exposition.ts';
import { executeHarness, executedData, log, recommendation } from './harness.ts';
import { useExecuteFixture } from './fixture.ts';

const f = useExecuteFixture();
let ns = 0;
const fresh = (replicas = 4) => {
  const n = `team-${++ns}`;
  f.fake.add(deployment(n, 'api', replicas));
  return { n, target: { kind: 'Deployment' as const, namespace: n, name: 'api', container: 'api' } };
};
const writes = () => f.mutationsSince(0).length;
/** What `alerts-slm approve` does for a pending action: records the approval, then sends the wake-up. */
const approval = async (actionId: string, by: string) => {
  await f.store.actions.decidePending(actionId, 'approved', by);
  return approvalWakeUp((await f.store.actions.get(actionId))!, new Date());
};

test.serial('DRY_RUN does every read and every gate, and records what it would have sent', async (t) => {
  const { target } = fresh();
  const before = writes();
  const data = await f.execute(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 6 } }), {
    dryRun: true,
  });
  t.is(data.status, 'dry_run');
  t.is(writes(), before);
  t.true(data.verdicts.some((v) => v.gate === 'mode' && /DRY_RUN/.test(v.reason)));
  const action = await f.store.actions.get(data.actionId);
  t.deepEqual((action?.postState as any)?.wouldSend, [`PATCH Deployment ${target.namespace}/api/scale (merge) {"spec":{"replicas":6}}`]);
});

test.serial('a dry run writes a Normal Event on the target: what would have been sent, and why', async (t) => {
  const { n, target } = fresh();
  const data = await f.execute(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 6 } }), {
    dryRun: true,
  });
  t.is(data.status, 'dry_run');
  const events = f.fake.list('v1', 'Event', n) as any[];
  t.is(events.length, 1);
  t.like(events[0], { reason: 'AlertsSlmDryRun', type: 'Normal', involvedObject: { kind: 'Deployment', name: 'api', namespace: n } });
  t.is(
    events[0].message,
    `alerts-slm dry run (DRY_RUN is set: simulate only): would have done scale_deployment for alert TestAlert (action ${data.actionId}): ` +
      `scale Deployment api from 4 to 6 replicas. Would send: PATCH Deployment ${n}/api/scale (merge) {"spec":{"replicas":6}}. ` +
      'Why: test reasoning (confidence 0.9, rules)',
  );
});

test.serial('a dry run keeps the Event within the API’s message size: the requests are shortened, the reason stays', async (t) => {
  const n = `team-${++ns}`;
  const target = { kind: 'Deployment' as const, namespace: n, name: 'api', container: 'api' };
  // The revision to go back to has a long template: the whole of it would be the request.
  const v1 = deployment(n, 'api');
  (v1.spec.template.spec.containers[0] as any).env = Array.from({ length: 40 }, (_, i) => ({ name: `SETTING_${i}`, value: `value-${i}` }));
  f.fake.add(v1);
  const v2 = deployment(n, 'api');
  (v2.spec.template.spec.containers[0] as any).image = 'registry.invalid/api:2';
  f.fake.add(v2);
  const data = await f.execute(await recommendation(f.store, 'rollback_deployment', target, { confidence: 0.95 }), {
    dryRun: true,
    policy: { maxAutoRisk: 'high' },
  });
  t.is(data.status, 'dry_run');
  const message = (f.fake.list('v1', 'Event', n) as any[])[0]?.message as string;
  t.true(message.length <= 1024, String(message.length));
  t.regex(message, /Would send: PATCH Deployment team-\d+\/api \(json\) .*…\. Why: test reasoning \(confidence 0\.95, rules\)$/);
});

test.serial('without cluster access everything is a dry run, and the record says no Event could be written', async (t) => {
  const { n, target } = fresh();
  const data = await f.execute(await recommendation(f.store, 'restart_deployment', target), { noCluster: true });
  t.is(data.status, 'dry_run');
  t.true(data.verdicts.some((v) => /no cluster access/.test(v.reason)));
  t.deepEqual(f.fake.list('v1', 'Event', n), []);
  t.regex(((await f.store.actions.get(data.actionId))?.postState as any)?.note, /no cluster access: .*no Kubernetes Event can be written/);
});

test.serial(
  'an approval scope stores the action as pending and announces it; the approval performs it after the gates again',
  async (t) => {
    const { target } = fresh();
    const before = f.hooks.bodies.length;
    const handle = executeHarness(f.fake, f.store, f.hooks.url, { policy: { modes: [{ mode: 'approval' }] } });
    const rec = await recommendation(f.store, 'restart_deployment', target);
    const pending = executedData(await handle(rec, { log }));
    t.is(pending.status, 'approval_required');
    const note = f.hooks.bodies.slice(before).find((b) => b.path === '/generic')?.body;
    t.like(note, { kind: 'approval_required', actionId: pending.actionId });
    t.regex(
      f.hooks.bodies.slice(before).find((b) => b.path === '/slack')?.body.blocks[0].text.text,
      new RegExp(`alerts-slm approve ${pending.actionId}`),
    );
    const writesBefore = writes();
    const approved = await approval(pending.actionId, 'alice');
    const done = executedData(await handle(approved, { log }));
    t.is(done.status, 'succeeded');
    t.is(done.actionId, pending.actionId);
    t.true(done.verdicts.some((v) => v.gate === 'mode' && /^approved by alice at \d{4}-\d\d-\d\dT[\d:.]+Z: /.test(v.reason)));
    t.is(writes(), writesBefore + 1);
    t.is((await f.store.actions.get(pending.actionId))?.decidedBy, 'alice');
  },
);

test.serial('an approval re-checks every other gate: a target that disappeared meanwhile is refused', async (t) => {
  const { n, target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url, { policy: { modes: [{ mode: 'approval' }] } });
  const rec = await recommendation(f.store, 'restart_deployment', target);
  const pending = executedData(await handle(rec, { log }));
  f.fake.remove('apps/v1', 'Deployment', n, 'api');
  const approved = await approval(pending.actionId, 'bob');
  const data = executedData(await handle(approved, { log }));
  t.is(data.status, 'rejected');
  t.true(data.verdicts.some((v) => v.gate === 'target' && v.verdict === 'block'));
});

test.serial('the same recommendation delivered ten times at once changes the cluster once', async (t) => {
  const { target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  const rec = await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 5 } });
  const before = writes();
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => handle(rec, { log })));
  t.is(writes() - before, 1);
  // Deliveries that met the claim while it was held answer 503 and are retried by the broker: the retry gets the reply.
  const retried = await handle(rec, { log });
  t.is(executedData(retried).status, 'succeeded');
  for (const r of results) if (r.status === 'fulfilled') t.deepEqual(r.value, retried);
});

test.serial('different recommendations for one target at once: one action, one lock holder; the others are refused', async (t) => {
  const { target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  const recs = await Promise.all(
    ['restart_deployment', 'scale_deployment', 'increase_resources'].map((a, i) =>
      recommendation(f.store, a as 'restart_deployment', target, {
        parameters: [{}, { replicas: 5 }, { resource: 'cpu', increase_percent: 20 }][i] ?? {},
      }),
    ),
  );
  const before = writes();
  const out = await Promise.all(recs.map((r) => handle(r, { log }).then(executedData)));
  t.is(writes() - before, out.filter((o) => o.status === 'succeeded').length);
  t.true(out.filter((o) => o.status === 'succeeded').length >= 1);
  for (const o of out.filter((x) => x.status !== 'succeeded'))
    t.true(
      o.verdicts.some((v) => v.gate === 'in_flight' && v.verdict === 'block'),
      JSON.stringify(o.verdicts),
    );
  t.is(await f.store.locks.held(), 0, 'every lock is released');
});

test.serial('a second action on the same target within the cooldown is refused', async (t) => {
  const { target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  t.is(executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log })).status, 'succeeded');
  const second = executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log }));
  t.is(second.status, 'rejected');
  t.true(second.verdicts.some((v) => v.gate === 'cooldown' && v.verdict === 'block'));
});

test.serial('a 403 fails the action with a reason that names the missing permission', async (t) => {
  const { target } = fresh();
  f.fake.forbid({ verb: 'patch', resource: 'deployments', namespace: target.namespace });
  const data = await f.execute(await recommendation(f.store, 'restart_deployment', target));
  t.is(data.status, 'failed');
  t.regex(data.error ?? '', /cannot patch resource "deployments" in API group "apps" in the namespace "team-\d+"/);
});

test.serial('a target execute may not read (403) is refused with the missing permission named, not retried as a failure', async (t) => {
  const { target } = fresh();
  f.fake.forbid({ verb: 'get', resource: 'deployments', namespace: target.namespace });
  const writes = f.mutationsSince(0).length;
  const data = await f.execute(await recommendation(f.store, 'restart_deployment', target));
  t.is(data.status, 'rejected');
  const gate = data.verdicts.find((v) => v.gate === 'target');
  t.is(gate?.verdict, 'block');
  t.regex(gate?.reason ?? '', /could not be read: .*cannot get resource "deployments" in API group "apps" in the namespace "team-\d+"/);
  t.is(f.mutationsSince(0).length, writes, 'nothing was changed');
});

test.serial('a conflict (409) is re-read and retried; a 5xx on an idempotent patch is retried in place', async (t) => {
  const { n, target } = fresh();
  f.fake.failNext({ verb: 'patch', resource: 'deployments', namespace: n }, { status: 409, reason: 'Conflict' });
  const a = await f.execute(
    await recommendation(f.store, 'increase_resources', target, { parameters: { resource: 'cpu', increase_percent: 20 } }),
  );
  t.is(a.status, 'succeeded');
  const m = fresh();
  f.fake.failNext({ verb: 'patch', resource: 'deployments', namespace: m.n }, { status: 503, times: 1 });
  const b = await f.execute(await recommendation(f.store, 'restart_deployment', m.target));
  t.is(b.status, 'succeeded');
});

test.serial('a target that does not exist is refused by the target gate', async (t) => {
  const data = await f.execute(
    await recommendation(f.store, 'restart_deployment', { kind: 'Deployment', namespace: 'nowhere', name: 'ghost', container: null }),
  );
  t.is(data.status, 'rejected');
  t.true(data.verdicts.some((v) => v.gate === 'target' && /does not exist/.test(v.reason)));
});

test.serial('a target that disappears between the decision and the change (404) is recorded as skipped', async (t) => {
  const { n, target } = fresh();
  f.fake.failNext({ verb: 'patch', resource: 'deployments', namespace: n }, { status: 404, reason: 'NotFound' });
  const data = await f.execute(await recommendation(f.store, 'restart_deployment', target));
  t.is(data.status, 'skipped');
});

test.serial('a replica change on a workload an HPA controls is refused: adjust the HPA instead', async (t) => {
  const { n, target } = fresh();
  f.fake.add(hpa(n, 'api', 'api', 2, 8));
  const data = await f.execute(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 5 } }));
  t.is(data.status, 'rejected');
  t.true(data.verdicts.some((v) => v.gate === 'hpa_conflict' && v.verdict === 'block'));
});

test.serial('an adversarial stream never produces a mutating request', async (t) => {
  const { target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  const before = writes();
  const bad = [
    await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 1000 } }),
    await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: -3 } }),
    await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 5, namespace: 'kube-system' } }),
    await recommendation(f.store, 'restart_deployment', { ...target, namespace: 'kube-system' }),
    await recommendation(f.store, 'restart_deployment', target, { resolved: true }),
    await recommendation(f.store, 'restart_deployment', target, { confidence: 0.2 }),
    await recommendation(f.store, 'cordon_node', target),
    await recommendation(f.store, 'drain_node', null),
  ];
  for (const rec of bad)
    t.is(executedData(await handle(rec, { log })).status, 'rejected', JSON.stringify(ActionRecommended.parse(rec).data.parameters));
  t.is(writes(), before);
});

test.serial(
  'each decision is counted by action and status; what went to the API also as a Kubernetes action, with every request',
  async (t) => {
    const { target } = fresh();
    const registry = new Registry();
    const handle = executeHarness(f.fake, f.store, f.hooks.url, { registry });
    const scaled = executedData(
      await handle(await recommendation(f.store, 'scale_deployment', target, { parameters: { replicas: 6 } }), { log }),
    );
    t.is(scaled.status, 'succeeded');
    const missing = { ...target, name: 'nowhere' };
    t.is(executedData(await handle(await recommendation(f.store, 'restart_deployment', missing), { log })).status, 'rejected');
    t.is(executedData(await handle(await recommendation(f.store, 'notify_only', null), { log })).status, 'succeeded');
    const text = await registry.metrics();
    t.is(sampleSum(text, 'alerts_processed_total', { action: 'scale_deployment', status: 'succeeded' }), 1);
    t.is(sampleSum(text, 'alerts_processed_total', { action: 'restart_deployment', status: 'rejected' }), 1);
    t.is(sampleSum(text, 'alerts_processed_total', { action: 'notify_only', status: 'succeeded' }), 1);
    t.is(sampleSum(text, 'k8s_actions_total', { type: 'scale_deployment', result: 'succeeded' }), 1);
    t.is(sampleSum(text, 'k8s_actions_total'), 1, 'a refusal sends nothing; notify_only needs no Kubernetes permission');
    t.is(sampleSum(text, 'kubernetes_api_requests_total', { verb: 'patch', resource: 'deployments/scale', code: '200' }), 1);
    t.true(
      sampleSum(text, 'kubernetes_api_requests_total', { verb: 'get', resource: 'deployments', code: '404' }) >= 1,
      'the missing target was looked for',
    );
    t.true(
      sampleSum(text, 'kubernetes_api_requests_total', { verb: 'create', resource: 'events', code: '201' }) >= 1,
      'the change was announced',
    );
  },
);

test.serial('a dry run counts as a Kubernetes action with result dry_run, and sends no change', async (t) => {
  const { target } = fresh();
  const registry = new Registry();
  const handle = executeHarness(f.fake, f.store, f.hooks.url, { registry, dryRun: true });
  t.is(executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log })).status, 'dry_run');
  const text = await registry.metrics();
  t.is(sampleSum(text, 'k8s_actions_total', { type: 'restart_deployment', result: 'dry_run' }), 1);
  t.is(sampleSum(text, 'kubernetes_api_requests_total', { verb: 'patch' }), 0);
});

test.serial('collect_diagnostics without cluster access is skipped with the reason, not "succeeded" with nothing collected', async (t) => {
  const { target } = fresh();
  const data = await f.execute(await recommendation(f.store, 'collect_diagnostics', target), { noCluster: true });
  t.is(data.status, 'skipped');
  t.is(data.error, 'no cluster access: collect_diagnostics could not read anything');
  t.deepEqual((await f.store.actions.get(data.actionId))?.postState, {
    note: 'no cluster access: collect_diagnostics could not read anything',
  });
});
