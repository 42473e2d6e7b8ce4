import test from 'ava';
import type { Llm } from '../../../lib/slm/llm.ts';
import { createOllamaLlm } from '../../../lib/slm/ollama-llm.ts';
import { startFakeOllama } from '../../support/fake-ollama.ts';
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
import { pingSourceSchedule } from '../../../lib/kube/tick-schedule.ts';
import { Policy } from '../../../lib/policy/policy-schema.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom } from '../../support/alerts.ts';
import { deployment, kubeSettingsFor, node, podOf } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { sampleSum } from '../../support/exposition.ts';
import { startRecordingBroker, type RecordingBroker } from '../../support/recording-broker.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';
import { ruleProvenance } from '../../../lib/slm/rule-provenance.ts';

// Prometheus' rules API, answering one alerting rule with `for: 10m`.
const startRulesApi = async () => {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/rules')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          status: 'success',
          data: {
            groups: [
              {
                name: 'k8s',
                rules: [
                  {
                    type: 'alerting',
                    name: 'SlowAlert',
                    duration: 600,
                    query: 'x',
                    labels: {},
                    annotations: {},
                    alerts: [],
                    health: 'ok',
                  },
                ],
              },
            ],
          },
        }),
      );
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
const handlerWith = (policy: Record<string, unknown> = {}, llm: Llm | null = null, registry = new Registry()) => {
  const config = loadConfig({ PROMETHEUS_URL: rules.url });
  return makeHandler({
    store,
    cluster: createCluster(kubeSettingsFor(fake), 'alerts-slm-assess'),
    alertmanager: null,
    broker: createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 4 }),
    settings: { ...config.assess, tickIntervalMs: 60_000 },
    policy: Policy.parse(policy),
    metrics: assessMetrics(registry),
    now: () => clock,
    ticks: pingSourceSchedule(kubeSettingsFor(fake), 'alerts-slm', 'alerts-slm'),
    llm,
  });
};

test.before(async () => {
  [db, fake, broker, rules] = await Promise.all([
    testDatabase(defaultTestDriver()),
    startFakeKubeApi(),
    startRecordingBroker(),
    startRulesApi(),
  ]);
  store = createStore(db.driver, () => clock);
  // The namespace the tick's PingSource is created in (the API server refuses objects in a missing one).
  fake.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alerts-slm' } });
  handle = handlerWith();
});
test.after.always(async () => Promise.all([db?.drop(), fake?.close(), broker?.close(), rules?.close()]));

let n = 0;
/** A performed action with its alert, incident and recommendation as the pipeline leaves them. */
const performed = async (
  options: {
    alertname?: string;
    action?: 'restart_deployment' | 'scale_deployment' | 'notify_only';
    status?: 'succeeded' | 'rejected' | 'dry_run';
    preHealth?: { ready: number; desired: number };
    preState?: unknown;
  } = {},
) => {
  const ns = `app-${++n}`;
  fake.add(deployment(ns, 'api', 4));
  const target = { kind: 'Deployment' as const, namespace: ns, name: 'api', container: null };
  const alert = alertFrom({
    alertname: options.alertname ?? 'KubeDeploymentReplicasMismatch',
    namespace: ns,
    deployment: 'api',
    severity: 'warning',
  });
  clock = minutes(0);
  await store.alerts.upsert(alert);
  const { incident } = await store.incidents.fold({ dedupKey: `k-${n}`, alert, target, eventId: alertEventId(alert), windowMs: 3_600_000 });
  const rec = ActionRecommended.create(
    {
      alert,
      incident: { id: incident.id, dedupKey: `k-${n}`, occurrences: 1 },
      target: { ...target, verified: true, via: 'labels' },
      action: options.action ?? 'restart_deployment',
      parameters: options.action === 'scale_deployment' ? { replicas: 6 } : {},
      confidence: 0.9,
      reasoning: 'r',
      evidence: [],
      provenance: ruleProvenance(),
    },
    { id: `rec-${n}`, source: '/alerts-slm/analyze', time: clock },
  );
  await store.recordOnce('analyze', { ...rec, id: `cause-${n}` }, async () => rec);
  const snapshot = await createCluster(kubeSettingsFor(fake), 't').snapshot(target);
  const { action } = await store.actions.insert({
    recommendationEventId: rec.id,
    incidentId: incident.id,
    alertname: alert.alertname,
    fingerprint: alert.fingerprint,
    target,
    action: rec.data.action,
    parameters: rec.data.parameters,
    disruptive: true,
    decision: 'perform',
    verdicts: [],
    status: 'running',
    preState: options.preState ?? null,
    preSpecHash: 'before',
    preHealth: options.preHealth ?? null,
  });
  const done = await store.actions.finish(action.id, { status: options.status ?? 'succeeded', postSpecHash: snapshot.specHash });
  const executed = ActionExecuted.create(
    {
      actionId: done.id,
      recommendationId: rec.id,
      incidentId: incident.id,
      alertname: alert.alertname,
      fingerprint: alert.fingerprint,
      target: { ...target, verified: true, via: 'labels' },
      action: done.action as 'restart_deployment',
      parameters: {},
      status: done.status as 'succeeded',
      verdicts: [],
      preSpecHash: 'before',
      postSpecHash: snapshot.specHash,
      error: null,
      startedAt: done.startedAt.toISOString(),
      finishedAt: (done.finishedAt ?? clock).toISOString(),
    },
    { id: `executed-${n}`, source: '/alerts-slm/execute', time: clock },
  );
  return { ns, alert, incident, action: done, executed };
};
const tick = (id: string) =>
  AssessTick.create(
    {},
    { id, source: '/apis/v1/namespaces/x/pingsources/t', time: clock, extensions: { [TICK_EXTENSION.name]: TICK_EXTENSION.value } },
  );
const resolve = (alert: ReturnType<typeof alertFrom>, at: Date) =>
  AlertResolved.create(
    { ...alert, status: 'resolved', endsAt: at.toISOString() },
    { id: `resolved-${alert.fingerprint}`, source: '/alerts-slm/ingest', time: at },
  );
const assessedFor = (actionId: string) =>
  broker.received
    .map((r) => r.event)
    .filter((e) => ActionAssessed.is(e) && (e.data as { actionId: string }).actionId === actionId)
    .map((e) => ActionAssessed.parse(e).data);

test.serial('a performed action is scheduled after the stabilisation window, never shorter than the rule’s for:', async (t) => {
  const plain = await performed();
  t.is(await handle(plain.executed, { log }), undefined);
  const a = (
    await db.driver.query<{ due_at: Date; expires_at: Date }>('SELECT due_at, expires_at FROM assessments WHERE action_id = $1', [
      plain.action.id,
    ])
  ).rows[0];
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
  t.is((await store.incidents.get(p.incident.id))?.resolvedAt?.getTime(), minutes(4).getTime());
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
  const incident = await store.incidents.get(p.incident.id);
  t.is(incident?.status, 'resolved');
  t.is(incident?.resolvedAt?.getTime(), minutes(4).getTime());
});

test.serial(
  'the tick judges what is due: resolved → effective, published as action.assessed; not yet due → untouched; still firing → looked at again later',
  async (t) => {
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
    t.is((await store.actions.get(fixed.action.id))?.assessment?.outcome, 'effective');
    t.deepEqual(assessedFor(firing.action.id), []);
    const postponed = (
      await db.driver.query<{ due_at: Date; assessed_at: Date | null }>(
        'SELECT due_at, assessed_at FROM assessments WHERE action_id = $1',
        [firing.action.id],
      )
    ).rows[0];
    t.is(postponed?.assessed_at, null);
    t.is(new Date(postponed?.due_at as Date).getTime(), minutes(7).getTime());
    t.deepEqual(assessedFor(early.action.id), []);
    clock = minutes(31);
    await handle(tick('tick-31'), { log });
    t.like(assessedFor(firing.action.id)[0], { outcome: 'ineffective' });
  },
);

test.serial('a redelivered tick does not score twice, and a later tick does not rescore', async (t) => {
  const p = await performed();
  await handle(p.executed, { log });
  await handle(resolve(p.alert, minutes(2)), { log });
  clock = minutes(6);
  await Promise.all([handle(tick('tick-a'), { log }), handle(tick('tick-a'), { log })]);
  await handle(tick('tick-b'), { log });
  t.is(assessedFor(p.action.id).length, 1);
  const { rows } = await db.driver.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM assessments WHERE action_id = $1 AND assessed_at IS NOT NULL',
    [p.action.id],
  );
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
  const back = broker.received
    .map((r) => r.event)
    .find((e) => ActionRecommended.is(e) && (e.data as { reasoning: string }).reasoning.includes(p.action.id));
  t.truthy(back);
  t.like(ActionRecommended.parse(back).data, { action: 'scale_deployment', parameters: { replicas: 4 } });
});

test.serial('each tick reports the approval backlog: how many wait and how long the oldest has, leaving out expired ones', async (t) => {
  const registry = new Registry();
  const h = handlerWith({}, null, registry);
  const waiting = async (at: Date) => {
    const p = await performed();
    clock = at;
    const { action } = await store.actions.insert({
      recommendationEventId: `${p.action.recommendationEventId}-pending`,
      incidentId: p.incident.id,
      alertname: p.alert.alertname,
      fingerprint: p.alert.fingerprint,
      target: p.action.target,
      action: 'restart_deployment',
      parameters: {},
      disruptive: true,
      decision: 'approval',
      verdicts: [],
      status: 'approval_required',
      preState: null,
      preSpecHash: null,
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
  await store.actions.decidePending(older.id, 'approved', 'alice');
  await h(tick('tick-backlog-2'), { log });
  t.deepEqual(await gauges(), { pending: 1, oldest: 10 * 60 });
  clock = minutes(60);
  await h(tick('tick-backlog-3'), { log });
  t.deepEqual(await gauges(), { pending: 0, oldest: 0 });
});

test.serial('an event assess does not consume is refused', async (t) => {
  await t.throwsAsync(
    handle({ specversion: '1.0', id: 'x', source: '/s', type: 'dev.alerts-slm.action.recommended.v1', data: {} }, { log }),
    { message: /assess does not consume/ },
  );
});

test.serial('Alertmanager confirms a resolution the pipeline did not hear of', async (t) => {
  const am = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  await new Promise<void>((r) => am.listen(0, '127.0.0.1', r));
  t.teardown(() => am.close());
  const api = createAlertmanagerApi({ url: `http://127.0.0.1:${(am.address() as AddressInfo).port}`, timeoutMs: 1000 });
  t.false(await api.isFiring('KubeDeploymentReplicasMismatch', 'abc'));
  t.is(await createAlertmanagerApi({ url: 'http://127.0.0.1:9', timeoutMs: 500 }).isFiring('x', 'y'), null);
});

// Zero when idle: the tick's PingSource exists only while an assessment is pending.
const pingSource = () =>
  fake.get('sources.knative.dev/v1', 'PingSource', 'alerts-slm', 'alerts-slm-assess-tick') as
    | { spec: { ceOverrides: { extensions: Record<string, string> }; sink: { ref: { kind: string; name: string } } } }
    | undefined;

test.serial(
  'the tick exists only while an assessment is pending: scheduling one creates it, a tick that leaves none deletes it',
  async (t) => {
    const pending = async () => (await store.assessments.pending()) > 0;
    // Whatever earlier tests left pending is judged (or given up on) first: ticks far in the future.
    for (let i = 0; i < 20 && (await pending()); i++) {
      clock = new Date(minutes(0).getTime() + (i + 1) * 86_400_000);
      await handle(tick(`drain-${i}`), { log });
    }
    t.false(await pending());
    t.is(pingSource(), undefined);
    const p = await performed();
    await handle(p.executed, { log });
    t.like(pingSource()?.spec, {
      ceOverrides: { extensions: { alertsslm: 'assess-tick' } },
      sink: { ref: { kind: 'Broker', name: 'alerts-slm' } },
    });
    clock = minutes(1);
    await handle(tick('early-tick'), { log });
    t.truthy(pingSource(), 'not due yet: still pending, still ticking');
    clock = minutes(40);
    await handle(tick('late-tick'), { log });
    t.false(await pending());
    t.is(pingSource(), undefined, 'nothing left: the tick is gone');
  },
);

// A cordon of a NotReady node, performed at minute 0, as the pipeline leaves it.
const cordoned = async (name: string) => {
  fake.add({ ...node(name, true), status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }] } });
  const target = { kind: 'Node' as const, namespace: null, name, container: null };
  const alert = alertFrom({ alertname: 'KubeNodeNotReady', node: name, severity: 'warning' });
  clock = minutes(0);
  await store.alerts.upsert(alert);
  const { incident } = await store.incidents.fold({
    dedupKey: `node-${name}`,
    alert,
    target,
    eventId: alertEventId(alert),
    windowMs: 3_600_000,
  });
  const { action } = await store.actions.insert({
    recommendationEventId: `rec-${name}`,
    incidentId: incident.id,
    alertname: alert.alertname,
    fingerprint: alert.fingerprint,
    target,
    action: 'cordon_node',
    parameters: {},
    disruptive: false,
    decision: 'perform',
    verdicts: [],
    status: 'running',
    preState: null,
    preSpecHash: 'before',
  });
  const done = await store.actions.finish(action.id, { status: 'succeeded', postSpecHash: 'after' });
  await store.assessments.schedule(done.id, minutes(5), minutes(30));
  return done;
};

test.serial(
  'a cordon of a NotReady node is judged by what it is for: effective while no new pod lands on it, though the node stays NotReady',
  async (t) => {
    const kept = await cordoned('worker-7');
    const breached = await cordoned('worker-8');
    fake.add(deployment('web', 'api', 2));
    const late = podOf(fake, 'web', 'api', 'late1', { node: 'worker-8' }) as { status: Record<string, unknown> };
    // It started on the node three minutes after the cordon (the kubelet's status.startTime).
    fake.add({ ...late, status: { ...late.status, startTime: minutes(3).toISOString() } });
    // A DaemonSet's pod ignores a cordon by design: it does not count.
    fake.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'node-exporter-x',
        namespace: 'monitoring',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-exporter', uid: 'u', controller: true }],
      },
      spec: { nodeName: 'worker-7', containers: [{ name: 'c', image: 'i' }] },
      status: { phase: 'Running' },
    });
    clock = minutes(6);
    await handle(tick('tick-cordon'), { log });
    const [good] = assessedFor(kept.id);
    t.like(good, { outcome: 'effective', score: 1 });
    t.regex(
      good?.explanation ?? '',
      /^cordon_node was effective \(score 1\): cordon_node kept new pods off node worker-7, which is what it is for\./,
    );
    t.regex(good?.explanation ?? '', /alert resolved: still firing \(reported, not counted\)/);
    const [bad] = assessedFor(breached.id);
    t.like(bad, { outcome: 'ineffective' });
    t.regex(bad?.explanation ?? '', /1 pod\(s\) started on it since: web\/api-[a-z0-9]+-late1/);
  },
);

test.serial('an assessment says how sure it is, what to do differently, and who wrote its paragraph; all of it is stored', async (t) => {
  const spec = (replicas: number) => ({
    replicas,
    template: { spec: { containers: [{ name: 'api', resources: { requests: { memory: '512Mi' } } }] } },
  });
  const p = await performed({ action: 'scale_deployment', preState: spec(2) });
  await db.driver.query(`UPDATE actions SET post_state = $2 WHERE id = $1`, [p.action.id, JSON.stringify({ after: spec(6) })]);
  await handle(p.executed, { log });
  clock = minutes(1);
  await handle(resolve(p.alert, minutes(1)), { log });
  clock = minutes(6);
  await handle(tick(`tick-detail-${n}`), { log });
  const [a] = assessedFor(p.action.id);
  t.like(a, { outcome: 'effective', explainedBy: 'template' });
  t.true((a?.confidence ?? 0) > 0 && (a?.confidence ?? 1) < 1, 'no earlier case of this action for this alert: not fully sure');
  t.like(
    a?.components.find((c) => c.name === 'resource_efficiency'),
    { value: 0.33, detail: 'replicas 2 → 6 (+200%) for an alert that cleared' },
  );
  t.like(
    a?.components.find((c) => c.name === 'time_to_resolution'),
    { value: 0.97 },
  );
  t.true(a?.hints?.some((h) => /a \d+% step of replicas: a smaller step may have been enough/.test(h)));
  const row = (
    await db.driver.query<{ confidence: number; hints: string[]; explained_by: string }>(
      'SELECT confidence, hints, explained_by FROM assessments WHERE action_id = $1',
      [p.action.id],
    )
  ).rows[0];
  t.is(Number(row?.confidence), a?.confidence ?? -1);
  t.deepEqual(row?.hints, a?.hints);
  t.is(row?.explained_by, 'template');
});

test.serial(
  'with ASSESS_EXPLAIN=model the model writes the paragraph; an invented number or a failing model leaves the template',
  async (t) => {
    const ollama = await startFakeOllama();
    t.teardown(() => ollama.close());
    const llm = createOllamaLlm({
      endpoint: ollama.url,
      model: 'granite3.1-dense:8b',
      temperature: 0.1,
      maxTokens: 256,
      timeoutMs: 2000,
      retryCount: 0,
      apiKey: null,
    });
    const withModel = handlerWith({}, llm);
    const judged = async (answer: () => { content: string } | { status: number; error: string }) => {
      ollama.respond(answer);
      const p = await performed();
      await withModel(p.executed, { log });
      clock = minutes(2);
      await withModel(resolve(p.alert, minutes(2)), { log });
      clock = minutes(6);
      await withModel(tick(`tick-model-${n}`), { log });
      return assessedFor(p.action.id)[0];
    };
    const written = await judged(() => ({
      content: JSON.stringify({ explanation: 'The restart worked: the alert cleared 2 min after it and did not come back.' }),
    }));
    t.like(written, { explainedBy: 'model', explanation: 'The restart worked: the alert cleared 2 min after it and did not come back.' });
    const invented = await judged(() => ({
      content: JSON.stringify({ explanation: 'The restart fixed 97 percent of the errors within seconds of it.' }),
    }));
    t.like(invented, { explainedBy: 'template' });
    t.regex(invented?.explanation ?? '', /^restart_deployment was effective/);
    const down = await judged(() => ({ status: 500, error: 'model crashed' }));
    t.like(down, { explainedBy: 'template' });
    const system = (ollama.requests.at(-1)?.body as { messages: { content: string }[] } | undefined)?.messages[0]?.content ?? '';
    t.regex(system, /Use only the facts in <assessment>/);
  },
);
