import test from 'ava';
import { approvalWakeUp } from '../../../lib/approvals/approve-action.ts';
import { rejectCommand } from '../../../lib/cli/approval-commands.ts';
import { claim, deployment, storageClass } from '../../support/cluster-fixture.ts';
import { executeHarness, executedData, log, recommendation } from './harness.ts';
import { useExecuteFixture } from './fixture.ts';

// A person's decisions hold: what they declined is not done again on its own, whoever recommends it.
const f = useExecuteFixture();
let ns = 0;
const fresh = () => {
  const n = `decided-${++ns}`;
  f.fake.add(deployment(n, 'api'));
  return { n, target: { kind: 'Deployment' as const, namespace: n, name: 'api', container: 'api' } };
};
const memory = { parameters: { resource: 'memory', increase_percent: 50 } };
const decline = async (actionId: string, by: string) => {
  const out: string[] = [];
  const code = await rejectCommand.run([actionId, '--by', by], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    env: {},
    store: f.store,
  });
  return { code, out };
};

test.serial(
  'after a person declines increase_resources, the same change for the next alert waits for a person instead of running',
  async (t) => {
    const { target } = fresh();
    const handle = executeHarness(f.fake, f.store, f.hooks.url);
    const first = executedData(
      await handle(await recommendation(f.store, 'increase_resources', target, { ...memory, severity: 'critical' }), { log }),
    );
    t.is(first.status, 'approval_required');
    t.is((await decline(first.actionId, 'carol')).code, 0);
    const writes = f.mutationsSince(0).length;
    const notes = f.hooks.bodies.length;
    // A warning for the same workload: auto by the policy's mode, and the cooldown has nothing performed to count.
    const again = executedData(
      await handle(await recommendation(f.store, 'increase_resources', target, { ...memory, severity: 'warning' }), { log }),
    );
    t.is(again.status, 'approval_required');
    t.is(f.mutationsSince(0).length, writes, 'nothing was changed');
    const held = again.verdicts.find((v) => v.gate === 'declined_hold');
    t.is(held?.verdict, 'approval');
    t.regex(
      held?.reason ?? '',
      /^carol declined increase_resources on this target \d+ s ago \(\d{4}-[\d-]+T[\d:.]+Z\); for 4 h after a decline it is not done without a person$/,
    );
    const note = f.hooks.bodies.slice(notes).find((b) => b.path === '/generic')?.body;
    t.like(note, { kind: 'approval_required', actionId: again.actionId });
    t.regex(
      note.text,
      /\nChange: memory 512Mi → 768Mi on container api \(request and limit, \+50%\)\nNeeds approval because declined_hold: carol declined/,
    );
  },
);

test.serial('a person can still approve it during the hold; it is then performed', async (t) => {
  const { target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  const first = executedData(
    await handle(await recommendation(f.store, 'increase_resources', target, { ...memory, severity: 'critical' }), { log }),
  );
  await decline(first.actionId, 'carol');
  const again = executedData(await handle(await recommendation(f.store, 'increase_resources', target, memory), { log }));
  await f.store.actions.decidePending(again.actionId, 'approved', 'dave');
  const done = executedData(await handle(approvalWakeUp((await f.store.actions.get(again.actionId))!, new Date()), { log }));
  t.is(done.status, 'succeeded');
  t.regex(
    done.verdicts.find((v) => v.gate === 'declined_hold')?.reason ?? '',
    /^approved by dave at .*: carol declined increase_resources/,
  );
});

test.serial('the hold covers only the declined action on that target, and ends with the policy’s time', async (t) => {
  const { target } = fresh();
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  const first = executedData(
    await handle(await recommendation(f.store, 'increase_resources', target, { ...memory, severity: 'critical' }), { log }),
  );
  await decline(first.actionId, 'carol');
  const other = executedData(await handle(await recommendation(f.store, 'restart_deployment', target), { log }));
  t.is(other.status, 'succeeded');
  t.regex(other.verdicts.find((v) => v.gate === 'declined_hold')?.reason ?? '', /no person declined restart_deployment on this target/);
  const elsewhere = fresh();
  t.is(
    executedData(await handle(await recommendation(f.store, 'increase_resources', elsewhere.target, memory), { log })).status,
    'succeeded',
  );
  const afterHold = executeHarness(f.fake, f.store, f.hooks.url, { policy: { declinedHoldMs: '0' } });
  const later = executedData(await afterHold(await recommendation(f.store, 'increase_resources', target, memory), { log }));
  t.is(later.status, 'succeeded');
  t.regex(later.verdicts.find((v) => v.gate === 'declined_hold')?.reason ?? '', /carol declined .*; the hold of 0 s has passed/);
});

test.serial('an action that waits for approval is stored with the exact change it would make, planned with reads only', async (t) => {
  const { n, target } = fresh();
  f.fake.add(storageClass('expandable', true));
  f.fake.add(claim(n, 'data-postgres-0', 'expandable', '100Gi'));
  const handle = executeHarness(f.fake, f.store, f.hooks.url);
  const before = f.mutationsSince(0).length;
  const memoryUp = executedData(
    await handle(await recommendation(f.store, 'increase_resources', target, { ...memory, severity: 'critical' }), { log }),
  );
  const pvc = { kind: 'PersistentVolumeClaim' as const, namespace: n, name: 'data-postgres-0', container: null };
  const grow = executedData(
    await handle(await recommendation(f.store, 'expand_pvc', pvc, { parameters: { increase_percent: 50 }, severity: 'critical' }), { log }),
  );
  t.is(f.mutationsSince(0).length, before, 'planning sends nothing');
  t.like((await f.store.actions.get(memoryUp.actionId))?.postState, {
    planned: { summary: 'memory 512Mi → 768Mi on container api (request and limit, +50%)' },
  });
  t.like((await f.store.actions.get(grow.actionId))?.postState, {
    planned: {
      summary: 'grow claim data-postgres-0 from 100Gi to 150Gi',
      wouldSend: [`PATCH PersistentVolumeClaim ${n}/data-postgres-0 (merge) {"spec":{"resources":{"requests":{"storage":"150Gi"}}}}`],
    },
  });
});

test.serial('when the plan finds it cannot be done, the pending action says so instead of a change', async (t) => {
  const { target } = fresh();
  // High risk waits for approval; a Deployment with one revision has nothing to roll back to.
  const data = executedData(
    await executeHarness(
      f.fake,
      f.store,
      f.hooks.url,
    )(await recommendation(f.store, 'rollback_deployment', target, { confidence: 0.95 }), { log }),
  );
  t.is(data.status, 'approval_required');
  t.deepEqual((await f.store.actions.get(data.actionId))?.postState, {
    planned: null,
    note: 'as the target is now it would not be done: there is no revision before 1 to roll back to',
  });
});
