import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../functions/analyze/index.ts';
import { assess } from '../../functions/assess/index.ts';
import { execute } from '../../functions/execute/index.ts';
import { ingest } from '../../functions/ingest/index.ts';
import { runLocal, type LocalRun } from '../../lib/cli/local-runner.ts';
import { loadConfig } from '../../lib/config/load-config.ts';
import { ActionExecuted } from '../../lib/events/action-executed.ts';
import { ActionRecommended } from '../../lib/events/action-recommended.ts';
import { AlertFiring, AlertResolved } from '../../lib/events/alert-events.ts';
import type { CloudEventEnvelope } from '../../lib/domain/cloud-event-envelope.ts';
import { createRuntime } from '../../lib/runtime/create-runtime.ts';
import { defineFunction, type FunctionSpec } from '../../lib/runtime/function-spec.ts';
import { createLogger } from '../../lib/runtime/logger.ts';
import { createStore } from '../../lib/store/create-store.ts';
import type { SqlDriver } from '../../lib/store/sql.ts';
import type { Store } from '../../lib/store/store.ts';
import { deployment, kubeSettingsFor, podOf, seedNodes } from '../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../support/fake-kube-api.ts';
import { startFakeOllama, type FakeOllama, type OllamaChatRequest } from '../support/fake-ollama.ts';
import { freePort } from '../support/free-port.ts';
import { type AlertRule, findStackBinaries, type PrometheusStack, stackUrls, startPrometheusStack } from '../support/prometheus-stack.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../support/test-database.ts';
import { type Exchange, startWiretap } from './wiretap.ts';

// Prometheus evaluates a rule that fires at once → Alertmanager posts its webhook (through a wiretap that records the
// exchange unchanged) → ingest → the local broker routed by knative/ → analyze (fake Ollama, the fake API server) →
// execute (the gates, then the real client against the fake API server) → assess. Then the rule stops firing and
// Alertmanager's resolved notification takes the same road.

const NS = 'shop';
const APP = 'checkout';
const MODEL_ANSWER = {
  action: 'increase_resources',
  parameters: { resource: 'memory', increase_percent: 50 },
  confidence: 0.8,
  reasoning: 'The checkout container was OOMKilled three times at its 512Mi limit; more memory gives it room.',
  evidence: ['restartCount 3', 'last termination OOMKilled'],
};

const binaries = findStackBinaries();
if ('missing' in binaries) console.warn(`skipping the end-to-end test: ${binaries.missing}`);
const e2e = 'missing' in binaries ? test.serial.skip : test.serial;

// What the broker delivered to a function, which then handles it.
const delivered: Record<string, CloudEventEnvelope[]> = { assess: [] };
const recording = (name: string, inner: FunctionSpec): FunctionSpec =>
  defineFunction({
    name,
    create: async (runtime) => {
      const real = await inner.create(runtime);
      if (real.kind !== 'event') throw new Error(`${name} is not an event function`);
      return {
        kind: 'event',
        handle: async (event, ctx) => {
          delivered[name]?.push(event);
          return real.handle(event, ctx);
        },
        ...(real.close ? { close: real.close } : {}),
      };
    },
  });

let dataDir = '';
const logLines: string[] = [];
let kube: FakeKubeApi;
let ollama: FakeOllama;
let db: TestDatabase;
let store: Store;
let run: LocalRun;
let tap: Awaited<ReturnType<typeof startWiretap>>;
let stack: PrometheusStack;
let podName: string;
let rule: AlertRule;
let started = Date.now();
const timings: string[] = [];
const mark = (what: string) => timings.push(`${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);

/** Polls until `found` returns something, or fails naming `what` with both processes' and the pipeline's last lines. */
const until = async <T>(what: string, found: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await found();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms\n${stack?.logs() ?? ''}\n${logLines.slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const webhook = (status: 'firing' | 'resolved') =>
  until(`Alertmanager's ${status} webhook`, () => tap.exchanges.find((x) => JSON.parse(x.body).status === status));
const json = (x: Exchange) =>
  JSON.parse(x.body) as {
    version: string;
    status: string;
    receiver: string;
    alerts: { status: string; labels: Record<string, string>; fingerprint: string; endsAt: string }[];
  };
const uniqueById = (events: CloudEventEnvelope[]) => [...new Map(events.map((e) => [e.id, e])).values()];

test.before(async () => {
  if ('missing' in binaries) return;
  started = Date.now();
  dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-e2e-'));
  [kube, ollama, db] = await Promise.all([startFakeKubeApi(), startFakeOllama(), testDatabase(defaultTestDriver(), { migrated: false })]);
  store = createStore(db.driver);
  seedNodes(kube);
  kube.add(deployment(NS, APP, 4));
  podName = String(podOf(kube, NS, APP, 'x7k2p', { restarts: 3 }).metadata?.name);
  ollama.respond(() => ({ content: JSON.stringify(MODEL_ANSWER), promptTokens: 1200, completionTokens: 60 }));

  const ports = { prometheus: await freePort(), alertmanager: await freePort() };
  const config = loadConfig({
    WEBHOOK_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    KUBECONFIG: String(kubeSettingsFor(kube).kubeconfig),
    // Changes are live only when asked for.
    DRY_RUN: 'false',
    SLM_ENDPOINT: ollama.url,
    SLM_TIMEOUT: '5s',
    ASSESS_STABILIZATION_WINDOW: '1s',
    ALERTMANAGER_URL: stackUrls(ports).alertmanagerUrl,
    PROMETHEUS_URL: stackUrls(ports).prometheusUrl,
  });
  // The run closes its database when it closes; this one is the test's to drop (a schema on the server, or PGlite).
  const database: SqlDriver = { ...db.driver, close: async () => {} };
  const runtime = { ...createRuntime(config), database, logger: createLogger({ level: 'info', write: (line) => logLines.push(line) }) };
  run = await runLocal({
    functions: { ingest, analyze, execute, assess: recording('assess', assess) },
    runtime,
    manifestsDir: join(import.meta.dirname, '..', '..', 'knative'),
  });
  tap = await startWiretap(run.webhookUrl);
  rule = {
    alert: 'KubeContainerOOMKilled',
    expr: 'vector(1)',
    for: '0s',
    labels: { severity: 'warning', namespace: NS, pod: podName, container: APP },
    annotations: {
      summary: `Container ${APP} in ${NS}/${podName} has been OOMKilled.`,
      description: 'It ran out of memory 3 times in the last 10 minutes.',
    },
  };
  mark('pipeline up');
  // The token is the one `make run` generates under DATA_DIR: Alertmanager reads the same file.
  stack = await startPrometheusStack({
    receiver: { url: tap.url, credentialsFile: join(dataDir, 'webhook-token') },
    rules: [rule],
    binaries,
    ports,
  });
  mark('Prometheus and Alertmanager ready');
});

test.afterEach.always((t) => {
  if (!t.passed) t.log(`${stack?.logs() ?? ''}\n${logLines.slice(-30).join('\n')}`);
});

test.after.always(async (t) => {
  t.log(timings.join('; '));
  await stack?.stop();
  await run?.close();
  await Promise.all([tap?.close(), kube?.close(), ollama?.close(), db?.drop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

e2e("Alertmanager's own webhook for the firing Prometheus alert is accepted by ingest", async (t) => {
  const firing = await webhook('firing');
  mark('firing webhook');
  t.is(firing.method, 'POST');
  t.regex(String(firing.headers['user-agent']), /^Alertmanager\/\d+\.\d+/);
  t.is(firing.headers.authorization, `Bearer ${readFileSync(join(dataDir, 'webhook-token'), 'utf8').trim()}`);
  t.is(firing.headers['content-type'], 'application/json');
  const body = json(firing);
  t.like(body, { version: '4', status: 'firing', receiver: 'alerts-slm' });
  t.is(body.alerts.length, 1);
  t.deepEqual(body.alerts[0]?.labels, {
    alertname: 'KubeContainerOOMKilled',
    severity: 'warning',
    namespace: NS,
    pod: podName,
    container: APP,
  });
  t.is(body.alerts[0]?.endsAt, '0001-01-01T00:00:00Z');
  t.is(firing.status, 202, firing.reply);
  t.deepEqual(JSON.parse(firing.reply), { received: 1, filtered: 0, published: 1, duplicates: 0, truncated: 0 });
  t.is(await stack.alertmanagerMetric('alertmanager_notifications_failed_total', { integration: 'webhook' }), 0);
  t.true((await stack.alertmanagerMetric('alertmanager_notifications_total', { integration: 'webhook' })) >= 1);
});

e2e("with the README's example merged in, Alertmanager routes the alert to alerts-slm and still to the root receiver", async (t) => {
  await webhook('firing');
  const filter = encodeURIComponent(`alertname="${rule.alert}"`);
  const answer = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts?filter=${filter}`);
  const alerts = (await answer.json()) as { receivers: { name: string }[] }[];
  t.deepEqual(
    alerts.map((a) => a.receivers.map((r) => r.name)),
    [['alerts-slm', 'default']],
  );
});

e2e('analyze resolves the pod to its Deployment through the owner chain and stores the model recommendation', async (t) => {
  const fingerprint = json(await webhook('firing')).alerts[0]?.fingerprint;
  await run.broker.idle();
  const firing = uniqueById(await store.events.logged({ types: [AlertFiring.type] }));
  t.is(firing.length, 1);
  t.like(AlertFiring.parse(firing[0]).data, { alertname: 'KubeContainerOOMKilled', fingerprint, severity: 'warning', namespace: NS });

  const chat = ollama.requests.filter((r) => r.path === '/api/chat');
  t.is(chat.length, 1, 'one model call for the incident');
  const prompt = (chat[0]?.body as OllamaChatRequest | undefined)?.messages.map((m) => m.content).join('\n') ?? '';
  t.true(prompt.includes(podName), 'the prompt names the pod');
  t.true(prompt.includes('OOMKilled'), "the prompt carries the pod's last termination read from the API server");

  const [recommended, ...more] = uniqueById(await store.events.logged({ types: [ActionRecommended.type] }));
  t.is(more.length, 0);
  const rec = ActionRecommended.parse(recommended).data;
  t.deepEqual(rec.target, { kind: 'Deployment', namespace: NS, name: APP, container: APP, verified: true, via: 'owner-chain' });
  t.like(rec, { action: 'increase_resources', parameters: { resource: 'memory', increase_percent: 50 }, confidence: 0.8 });
  t.like(rec.provenance, { source: 'slm', provider: 'ollama', model: 'granite3.1-dense:8b', degraded: null });
  t.like(await store.incidents.get(rec.incident.id), { status: 'open', occurrences: 1, alertname: 'KubeContainerOOMKilled' });
});

e2e("execute passes every gate and patches the container's memory by strategic merge, once", async (t) => {
  await webhook('firing');
  await run.broker.idle();
  const [decision, ...others] = await store.decisions.recent();
  t.is(others.length, 0);
  t.like(decision, {
    action: 'increase_resources',
    status: 'succeeded',
    decision: 'perform',
    target: { kind: 'Deployment', namespace: NS, name: APP },
    recommendation: { source: 'slm', confidence: 0.8 },
  });
  t.true((decision?.verdicts.length ?? 0) > 5, 'every gate left its verdict');
  t.deepEqual(
    decision?.verdicts.filter((v) => v.verdict !== 'pass'),
    [],
  );

  const patches = kube.mutations().filter((r) => r.method === 'PATCH');
  t.is(patches.length, 1);
  t.like(patches[0], {
    path: `/apis/apps/v1/namespaces/${NS}/deployments/${APP}`,
    contentType: 'application/strategic-merge-patch+json',
    status: 200,
  });
  t.deepEqual((patches[0]?.body as any)?.spec, {
    template: { spec: { containers: [{ name: APP, resources: { requests: { memory: '768Mi' }, limits: { memory: '768Mi' } } }] } },
  });
  const after = kube.get<any>('apps/v1', 'Deployment', NS, APP);
  t.deepEqual(
    after.spec.template.spec.containers.map((c: any) => [c.name, c.resources.limits.memory]),
    [
      [APP, '768Mi'],
      ['proxy', '64Mi'],
    ],
  );
  t.true(
    kube.mutations().some((r) => r.method === 'POST' && r.path === `/api/v1/namespaces/${NS}/events` && r.status === 201),
    'a Kubernetes Event on the Deployment says what was done',
  );

  const executed = delivered.assess?.filter((e) => ActionExecuted.is(e)) ?? [];
  t.is(executed.length, 1, 'action.executed reached assess');
  t.like(ActionExecuted.parse(executed[0]).data, { actionId: decision?.id, status: 'succeeded' });
});

e2e("when the rule stops firing, Alertmanager's resolved notification reaches assess, which resolves the incident", async (t) => {
  const fingerprint = json(await webhook('firing')).alerts[0]?.fingerprint;
  mark('rule reloaded');
  // Same name and labels, an expression that is empty now: Prometheus keeps the alert's state and sends it resolved.
  await stack.setRules([{ ...rule, expr: 'vector(1) < 0' }]);
  const resolved = await webhook('resolved');
  mark('resolved webhook');
  t.like(json(resolved), { status: 'resolved', alerts: [{ status: 'resolved', fingerprint }] });
  t.is(resolved.status, 202, resolved.reply);
  t.like(JSON.parse(resolved.reply), { received: 1, published: 1 });
  await run.broker.idle();
  const events = delivered.assess?.filter((e) => AlertResolved.is(e)) ?? [];
  t.is(events.length, 1);
  t.like(AlertResolved.parse(events[0]).data, { fingerprint, status: 'resolved' });

  const [decision] = await store.decisions.recent();
  t.is(await store.alerts.status(String(fingerprint)), 'resolved');
  const incident = await store.incidents.get(String(decision?.incidentId));
  t.like(incident, { status: 'resolved', occurrences: 1 });
  t.truthy(incident?.resolvedAt);
});

e2e('the next tick judges the memory increase effective: the alert resolved and the workload is healthy', async (t) => {
  // Once the stabilisation window (1 s here) has passed since the action, the tick scores it.
  const finished = (await store.decisions.recent())[0]?.finishedAt?.getTime() ?? 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, finished + 1200 - Date.now())));
  run.tick();
  await run.broker.idle();
  const [decision] = await store.decisions.recent();
  t.like(decision?.assessment, { outcome: 'effective' });
  t.truthy(decision?.assessmentDetail?.reasoning);
});
