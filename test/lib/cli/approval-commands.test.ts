import test from 'ava';
import { approveCommand, pendingCommand, rejectCommand } from '../../../lib/cli/approval-commands.ts';
import { statsCommand } from '../../../lib/cli/stats-command.ts';
import type { CliIo } from '../../../lib/cli/command.ts';
import { ActionApproved } from '../../../lib/events/action-approved.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom } from '../../support/alerts.ts';
import { pendingAction } from '../../support/pending-action.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let store: Store;
test.before(async () => {
  db = await testDatabase(defaultTestDriver());
  store = createStore(db.driver);
});
test.after.always(() => db?.drop());

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  const published: CloudEventEnvelope[] = [];
  const cli: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { USER: 'carol' },
    store,
    publish: async (e) => void published.push(...e),
  };
  return { out, err, published, cli };
};

let n = 0;
const pending = async (startedMinutesAgo = 1) => pendingAction(store, db.driver, ++n, startedMinutesAgo);

test.serial('pending lists what waits for approval, the change and why; approved ones not carried out yet come apart', async (t) => {
  const { action } = await pending();
  const { action: yes } = await pending();
  await store.actions.decidePending(yes.id, 'approved', 'dave');
  const { out, cli } = io();
  t.is(await pendingCommand.run([], cli), 0);
  const mine = out.findIndex((l) =>
    new RegExp(
      `^${action.id}  rollback_deployment on shop/Deployment/web-${n - 1} for PendingAlert, waiting 1 min \\(expires in 5\\d min\\)$`,
    ).test(l),
  );
  t.true(mine > 0, out.join('\n'));
  t.is(out[mine + 1], '    change: unknown: not planned when it was decided');
  t.is(out[mine + 2], '    why it waits (risk): high risk needs approval');
  const approved = out.indexOf('approved, not carried out yet (1):');
  t.true(approved > mine);
  t.regex(
    out[approved + 1] ?? '',
    new RegExp(`^${yes.id}  rollback_deployment on shop/Deployment/web-${n} for PendingAlert, approved by dave 0 s ago$`),
  );
  const json = io();
  t.is(await pendingCommand.run(['--json'], json.cli), 0);
  const parsed = JSON.parse(json.out.join('\n'));
  t.true(parsed.waiting.some((a: { id: string; change: string }) => a.id === action.id && a.change.startsWith('unknown')));
  t.deepEqual(
    parsed.approved.map((a: { id: string }) => a.id),
    [yes.id],
  );
});

test.serial('approve records who approved and when, then wakes execute with an event that carries no decision', async (t) => {
  const { action } = await pending();
  const { out, published, cli } = io();
  t.is(await approveCommand.run([action.id, '--by', 'dave'], cli), 0);
  const recorded = await store.actions.get(action.id);
  t.like(recorded, { status: 'approved', decidedBy: 'dave' });
  t.truthy(recorded?.decidedAt);
  t.regex(
    out[0] ?? '',
    new RegExp(`^approved ${action.id} \\(rollback_deployment on shop/Deployment/web-\\d+\\), recorded as approved by dave at `),
  );
  const wake = ActionApproved.parse(published[0]);
  t.deepEqual(wake.data, { actionId: action.id, approvedBy: 'dave' });
  t.is(wake.partitionkey, `shop/Deployment/web-${n}`);
  // Approving it again wakes execute again (the same event id: a redelivery for execute), and records nothing new.
  const again = io();
  t.is(await approveCommand.run([action.id, '--by', 'eve'], again.cli), 0);
  t.is(again.published[0]?.id, wake.id);
  t.is((await store.actions.get(action.id))?.decidedBy, 'dave');
});

test.serial('approve with nothing to reach a broker records the approval and says how to wake execute', async (t) => {
  const { action } = await pending();
  const { out, err, cli } = io();
  delete cli.publish;
  t.is(await approveCommand.run([action.id, '--by', 'dave'], { ...cli, env: {} }), 0);
  t.is((await store.actions.get(action.id))?.status, 'approved');
  t.regex(out[0] ?? '', /recorded as approved by dave/);
  t.regex(err.join('\n'), /execute has not been woken[\s\S]*make run[\s\S]*BROKER_URL/);
});

test.serial('when the broker cannot be reached the approval stays recorded and approve says to run it again', async (t) => {
  const { action } = await pending();
  const { err, cli } = io();
  t.is(
    await approveCommand.run([action.id], { ...cli, publish: async () => Promise.reject(new Error('broker unreachable: ECONNREFUSED')) }),
    1,
  );
  t.is((await store.actions.get(action.id))?.status, 'approved');
  t.regex(err[0] ?? '', /could not be woken \(broker unreachable: ECONNREFUSED\); the approval stays recorded: run approve again/);
});

test.serial('reject records who said no; approving it afterwards is refused', async (t) => {
  const { action } = await pending();
  const a = io();
  t.is(await rejectCommand.run([action.id], a.cli), 0);
  t.is(a.out[0], `declined ${action.id} (by carol)`);
  t.like(await store.actions.get(action.id), { status: 'declined', decidedBy: 'carol' });
  const b = io();
  t.is(await approveCommand.run([action.id], b.cli), 1);
  t.regex(b.err[0] ?? '', /is declined, not waiting for approval/);
  t.deepEqual(b.published, []);
});

test.serial('an approval that waited past the policy’s time is expired, not sent', async (t) => {
  const { action } = await pending(120);
  const { err, published, cli } = io();
  t.is(await approveCommand.run([action.id], cli), 1);
  t.regex(err[0] ?? '', /has expired/);
  t.deepEqual(published, []);
  t.is((await store.actions.get(action.id))?.status, 'expired');
});

test.serial('stats shows each action’s effectiveness next to the no-action baseline', async (t) => {
  const alert = alertFrom({ alertname: 'StatsAlert', namespace: 'shop', deployment: 'stats' });
  const { incident } = await store.incidents.fold({ dedupKey: 'stats', alert, target: null, eventId: 'stats-e', windowMs: 1 });
  const { action } = await store.actions.insert({
    recommendationEventId: 'stats-rec',
    incidentId: incident.id,
    alertname: 'StatsAlert',
    fingerprint: 'f',
    target: null,
    action: 'restart_deployment',
    parameters: {},
    disruptive: true,
    decision: 'perform',
    verdicts: [],
    status: 'succeeded',
    preState: null,
    preSpecHash: null,
  });
  const a = await store.assessments.schedule(action.id, new Date(), new Date());
  await store.assessments.save(a.id, { outcome: 'effective', score: 1, resolved: true, factors: [], baselineRate: null, reasoning: 'r' });
  const { out, cli } = io();
  t.is(await statsCommand.run(['--json'], cli), 0);
  const stats = JSON.parse(out.join('\n'));
  t.deepEqual(
    stats.actions.find((r: { alertname: string }) => r.alertname === 'StatsAlert'),
    {
      alertname: 'StatsAlert',
      action: 'restart_deployment',
      samples: 1,
      effective: 1,
      ineffective: 0,
      harmful: 0,
      inconclusive: 0,
      rate: 1,
    },
  );
  t.truthy(stats.baselines.find((b: { alertname: string }) => b.alertname === 'StatsAlert'));
  const table = io();
  await statsCommand.run([], table.cli);
  t.true(table.out.some((l) => /^\s+restart_deployment\s+1\s+100%/.test(l)));
});
