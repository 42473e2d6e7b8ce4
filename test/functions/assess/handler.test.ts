import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { makeHandler } from '../../../functions/assess/handler.ts';
import { assessMetrics } from '../../../functions/assess/metrics.ts';
import { createAlertmanagerApi } from '../../../lib/alertmanager/alertmanager-api.ts';
import { createHttpBroker } from '../../../lib/broker/http-broker.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { ActionAssessed } from '../../../lib/events/action-assessed.ts';
import { ActionExecuted } from '../../../lib/events/action-executed.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import { AlertResolved, alertEventId } from '../../../lib/events/alert-events.ts';
import { AssessTick, TICK_EXTENSION } from '../../../lib/events/assess-tick.ts';
import { createCluster } from '../../../lib/kube/create-cluster.ts';
import { Policy } from '../../../lib/policy/policy-schema.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom } from '../../support/alerts.ts';
import { deployment, kubeSettingsFor } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { sampleSum } from '../../support/exposition.ts';
import { startRecordingBroker, type RecordingBroker } from '../../support/recording-broker.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';
import { ruleProvenance } from '../../../lib/slm/rule-provenance.ts';

// Prometheus' rules API, answering one alerting rule with `for: 10m`.
const startRulesApi = async () => {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/rules')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { groups: [{ name: 'k8s', rules: [{ type: 'alerting', name: 'SlowAlert', duration: 600, query: 'x', labels: {}, annotations: {}, alerts: [], health: 'ok' }] }] } }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
};

let db: TestDatabase;
let store: Store;
let fake: FakeKubeApi;
let broker: RecordingBroker;
let rules: Awaited<ReturnType<typeof startRulesApi>>;
let clock = new Date('2026-11-27T12:00:00Z');
const log = silentLogger();
const minutes = (m: number) => new Date(Date.UTC(2026, 10, 27, 12, m));
let handle: ReturnType<typeof makeHandler>;
const handlerWith = (policy: Record<string, unknown> = {}, registry = new Registry()) => {
  const config = loadConfig({ PROMETHEUS_URL: rules.url });
  return makeHandler({ store, cluster: createCluster(kubeSettingsFor(fake), 'alerts-slm-assess'), alertmanager: null, broker: createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 4 }), settings: { ...config.assess, tickIntervalMs: 60_000 }, policy: Policy.parse(policy), metrics: assessMetrics(registry), now: () => clock });
};

test.before(async () => {
  [db, fake, broker, rules] = await Promise.all([testDatabase(defaultTestDriver()), startFakeKubeApi(), startRecordingBroker(), startRulesApi()]);
  store = createStore(db.driver, () => clock);
  handle = handlerWith();
});
test.after.always(async () => Promise.all([db?.drop(), fake?.close(), broker?.close(), rules?.close()]));

let n = 0;
/** A performed action with its alert, incident and recommendation as the pipeline leaves them. */
const performed = async (options: { alertname?: string; action?: 'restart_deployment' | 'scale_deployment' | 'notify_only'; status?: 'succeeded' | 'rejected' | 'dry_run'; preHealth?: { ready: number; desired: number }; preState?: unknown } = {}) => {
  const ns = `app-${++n}`;
  fake.add(deployment(ns, 'api', 4));
  const target = { kind: 'Deployment' as const, namespace: ns, name: 'api', container: null };
  const alert = alertFrom({ alertname: options.alertname ?? 'KubeDeploymentReplicasMismatch', namespace: ns, deployment: 'api', severity: 'warning' });
  clock = minutes(0);
  await store.upsertAlert(alert);
  const { incident } = await store.foldIntoIncident({ dedupKey: `k-${n}`, alert, target, eventId: alertEventId(alert), windowMs: 3_600_000 });
  const rec = ActionRecommended.create(
    { alert, incident: { id: incident.id, dedupKey: `k-${n}`, occurrences: 1 }, target: { ...target, verified: true, via: 'labels' }, action: options.action ?? 'restart_deployment', parameters: options.action === 'scale_deployment' ? { replicas: 6 } : {}, confidence: 0.9, reasoning: 'r', evidence: [], provenance: ruleProvenance() },
    { id: `rec-${n}`, source: '/alerts-slm/analyze', time: clock },
  );
  await store.recordOnce('analyze', { ...rec, id: `cause-${n}` }, async () => rec);
  const snapshot = await createCluster(kubeSettingsFor(fake), 't').snapshot(target);
  const { action } = await store.insertAction({ recommendationEventId: rec.id, incidentId: incident.id, alertname: alert.alertname, fingerprint: alert.fingerprint, target, action: rec.data.action, parameters: rec.data.parameters, disruptive: true, decision: 'perform', verdicts: [], status: 'running', preState: options.preState ?? null, preSpecHash: 'before', preHealth: options.preHealth ?? null });
  const done = await store.finishAction(action.id, { status: options.status ?? 'succeeded', postSpecHash: snapshot.specHash });
  const executed = ActionExecuted.create(
    { actionId: done.id, recommendationId: rec.id, incidentId: incident.id, alertname: alert.alertname, fingerprint: alert.fingerprint, target: { ...target, verified: true, via: 'labels' }, action: done.action as 'restart_deployment', parameters: {}, status: done.status as 'succeeded', verdicts: [], preSpecHash: 'before', postSpecHash: snapshot.specHash, error: null, startedAt: done.startedAt.toISOString(), finishedAt: (done.finishedAt ?? clock).toISOString() },
    { id: `executed-${n}`, source: '/alerts-slm/execute', time: clock },
  );
  return { ns, alert, incident, action: done, executed };
};
const tick = (id: string) => AssessTick.create({}, { id, source: '/apis/v1/namespaces/x/pingsources/t', time: clock, extensions: { [TICK_EXTENSION.name]: TICK_EXTENSION.value } });
const resolve = (alert: ReturnType<typeof alertFrom>, at: Date) => AlertResolved.create({ ...alert, status: 'resolved', endsAt: at.toISOString() }, { id: `resolved-${alert.fingerprint}`, source: '/alerts-slm/ingest', time: at });
const assessedFor = (actionId: string) => broker.received.map((r) => r.event).filter((e) => ActionAssessed.is(e) && (e.data as { actionId: string }).actionId === actionId).map((e) => ActionAssessed.parse(e).data);

test.serial('a performed action is scheduled after the stabilisation window, never shorter than the rule’s for:', async (t) => {
  const plain = await performed();
  t.is(await handle(plain.executed, { log }), undefined);
  const a = (await db.driver.query<{ due_at: Date; expires_at: Date }>('SELECT due_at, expires_at FROM assessments WHERE action_id = $1', [plain.action.id])).rows[0];
  t.is(new Date(a?.due_at as Date).getTime(), minutes(5).getTime());
  t.is(new Date(a?.expires_at as Date).getTime(), minutes(30).getTime());
  const slow = await performed({ alertname: 'SlowAlert' });
  await handle(slow.executed, { log });
  const b = (await db.driver.query<{ due_at: Date }>('SELECT due_at FROM assessments WHERE action_id = $1', [slow.action.id])).rows[0];
  t.is(new Date(b?.due_at as Date).getTime(), minutes(10).getTime(), 'the rule says for: 10m');
});

test.serial('a resolution stamped in the future (a skewed clock) counts as now', async (t) => {
  const p = await performed();
  clock = minutes(4);
  await handle(resolve(p.alert, minutes(40)), { log });
  t.is((await store.incident(p.incident.id))?.resolvedAt?.getTime(), minutes(4).getTime());
});

test.serial('refused or non-changing actions are not assessed', async (t) => {
  for (const p of [await performed({ status: 'rejected' }), await performed({ action: 'notify_only' })]) {
    await handle(p.executed, { log });
    t.is((await db.driver.query('SELECT 1 FROM assessments WHERE action_id = $1', [p.action.id])).rowCount, 0);
  }
});

test.serial('a resolved alert resolves its incident with its time to resolution', async (t) => {
  const p = await performed();
  clock = minutes(4);
  await handle(resolve(p.alert, minutes(4)), { log });
  const incident = await store.incident(p.incident.id);
  t.is(incident?.status, 'resolved');
  t.is(incident?.resolvedAt?.getTime(), minutes(4).getTime());
});

test.serial('the tick judges what is due: resolved → effective, published as action.assessed; not yet due → untouched; still firing → looked at again later', async (t) => {
  const fixed = await performed();
  const firing = await performed();
  const early = await performed();
  for (const p of [fixed, firing, early]) await handle(p.executed, { log });
  await handle(resolve(fixed.alert, minutes(3)), { log });
  await db.driver.query('UPDATE assessments SET due_at = $2 WHERE action_id = $1', [early.action.id, minutes(20)]);
  clock = minutes(6);
  await handle(tick('tick-6'), { log });
  const [judged] = assessedFor(fixed.action.id);
  t.like(judged, { outcome: 'effective', score: 1, action: 'restart_deployment' });
  t.regex(judged?.explanation ?? '', /^restart_deployment was effective/);
  t.is((await store.action(fixed.action.id))?.assessment?.outcome, 'effective');
  t.deepEqual(assessedFor(firing.action.id), []);
  const postponed = (await db.driver.query<{ due_at: Date; assessed_at: Date | null }>('SELECT due_at, assessed_at FROM assessments WHERE action_id = $1', [firing.action.id])).rows[0];
  t.is(postponed?.assessed_at, null);
  t.is(new Date(postponed?.due_at as Date).getTime(), minutes(7).getTime());
  t.deepEqual(assessedFor(early.action.id), []);
  clock = minutes(31);
  await handle(tick('tick-31'), { log });
  t.like(assessedFor(firing.action.id)[0], { outcome: 'ineffective' });
});

test.serial('a redelivered tick does not score twice, and a later tick does not rescore', async (t) => {
  const p = await performed();
  await handle(p.executed, { log });
  await handle(resolve(p.alert, minutes(2)), { log });
  clock = minutes(6);
  await Promise.all([handle(tick('tick-a'), { log }), handle(tick('tick-a'), { log })]);
  await handle(tick('tick-b'), { log });
  t.is(assessedFor(p.action.id).length, 1);
  const { rows } = await db.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM assessments WHERE action_id = $1 AND assessed_at IS NOT NULL', [p.action.id]);
  t.is(Number(rows[0]?.n), 1);
});

test.serial('someone else changing the target after us makes the assessment inconclusive', async (t) => {
  const p = await performed();
  await handle(p.executed, { log });
  await handle(resolve(p.alert, minutes(2)), { log });
  const changed = deployment(p.ns, 'api', 9);
  fake.add(changed);
  clock = minutes(6);
  await handle(tick('tick-drift'), { log });
  const [a] = assessedFor(p.action.id);
  t.is(a?.outcome, 'inconclusive');
  t.regex(a?.explanation ?? '', /someone else changed the target/);
});

test.serial('a harmful change is reported, and with compensation on, its reversal is recommended through the pipeline', async (t) => {
  const compensating = handlerWith({ compensateHarmfulActions: true });
  const p = await performed({ action: 'scale_deployment', preHealth: { ready: 4, desired: 4 }, preState: { replicas: 4 } });
  fake.add({ ...deployment(p.ns, 'api', 4), status: { replicas: 4, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 4 } });
  // Re-snapshot after pinning the status (status is not in the spec hash).
  await compensating(p.executed, { log });
  clock = minutes(6);
  await compensating(tick('tick-harm'), { log });
  t.like(assessedFor(p.action.id)[0], { outcome: 'harmful' });
  const back = broker.received.map((r) => r.event).find((e) => ActionRecommended.is(e) && (e.data as { reasoning: string }).reasoning.includes(p.action.id));
  t.truthy(back);
  t.like(ActionRecommended.parse(back).data, { action: 'scale_deployment', parameters: { replicas: 4 } });
});

test.serial('each tick reports the approval backlog: how many wait and how long the oldest has, leaving out expired ones', async (t) => {
  const registry = new Registry();
  const h = handlerWith({}, registry);
  const waiting = async (at: Date) => {
    const p = await performed();
    clock = at;
    const { action } = await store.insertAction({
      recommendationEventId: `${p.action.recommendationEventId}-pending`, incidentId: p.incident.id, alertname: p.alert.alertname, fingerprint: p.alert.fingerprint, target: p.action.target,
      action: 'restart_deployment', parameters: {}, disruptive: true, decision: 'approval', verdicts: [], status: 'approval_required', preState: null, preSpecHash: null,
    });
    return action;
  };
  await waiting(minutes(-90));
  const older = await waiting(minutes(-40));
  await waiting(minutes(-10));
  const gauges = async () => {
    const text = await registry.metrics();
    return { pending: sampleSum(text, 'approvals_pending'), oldest: sampleSum(text, 'approvals_oldest_pending_age_seconds') };
  };
  clock = minutes(0);
  await h(tick('tick-backlog-1'), { log });
  t.deepEqual(await gauges(), { pending: 2, oldest: 40 * 60 }, 'the one waiting 90 min outlived the 1 h approval TTL');
  await store.decidePending(older.id, 'approved', 'alice');
  await h(tick('tick-backlog-2'), { log });
  t.deepEqual(await gauges(), { pending: 1, oldest: 10 * 60 });
  clock = minutes(60);
  await h(tick('tick-backlog-3'), { log });
  t.deepEqual(await gauges(), { pending: 0, oldest: 0 });
});

test.serial('an event assess does not consume is refused', async (t) => {
  await t.throwsAsync(handle({ specversion: '1.0', id: 'x', source: '/s', type: 'dev.alerts-slm.action.recommended.v1', data: {} }, { log }), { message: /assess does not consume/ });
});

test.serial('Alertmanager confirms a resolution the pipeline did not hear of', async (t) => {
  const am = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  await new Promise<void>((r) => am.listen(0, '127.0.0.1', r));
  t.teardown(() => am.close());
  const api = createAlertmanagerApi({ url: `http://127.0.0.1:${(am.address() as AddressInfo).port}`, timeoutMs: 1000 });
  t.false(await api.isFiring('KubeDeploymentReplicasMismatch', 'abc'));
  t.is(await createAlertmanagerApi({ url: 'http://127.0.0.1:9', timeoutMs: 500 }).isFiring('x', 'y'), null);
});
