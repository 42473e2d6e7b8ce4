import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../../functions/analyze/index.ts';
import { assess } from '../../../functions/assess/index.ts';
import { deadLetter } from '../../../functions/dead-letter/index.ts';
import { mcp } from '../../../functions/mcp/index.ts';
import { execute } from '../../../functions/execute/index.ts';
import { ingest } from '../../../functions/ingest/index.ts';
import { runLocal, type LocalRun } from '../../../lib/cli/local-runner.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import type { FunctionSpec, Runtime } from '../../../lib/runtime/function-spec.ts';
import { createInvoker } from '../../../lib/runtime/invoker.ts';
import { createLogger } from '../../../lib/runtime/logger.ts';
import type { SqlDriver } from '../../../lib/store/sql.ts';
import { deployment, kubeSettingsFor, podOf, seedNodes } from '../../support/cluster-fixture.ts';
import { type Family, parseExposition } from '../../support/exposition.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { startFakeOllama, type FakeOllama } from '../../support/fake-ollama.ts';
import { freePort } from '../../support/free-port.ts';
import { dashboardTargets, loadDashboard, loadRules, PROMTOOL, RULES_TEST_FILE } from '../../support/monitoring-files.ts';
import { expressionNeeds, withGrafanaIntervals } from '../../support/promql-selectors.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

// The monitoring contract: the README's metric table, what /metrics serves after a pipeline run, and what the
// dashboard and the rules read, must all agree.

/** One row of the README's metric table. */
interface Documented {
  name: string;
  type: string;
  labels: string[];
  exportedBy: string[];
}

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
const documented: Documented[] = (() => {
  const block = /<!-- metrics:[^>]*-->\n([\s\S]*?)<!-- \/metrics -->/.exec(README)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => /^\| `([a-z0-9_:]+)` \| (\w+) \| ([^|]+) \| ([^|]+) \|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      name: m[1] as string,
      type: m[2] as string,
      labels: (m[3] as string).trim() === '—' ? [] : [...(m[3] as string).matchAll(/`(\w+)`/g)].map((l) => l[1] as string),
      exportedBy: (m[4] as string).split(',').map((f) => f.trim()),
    }));
})();

const FUNCTIONS: Record<string, FunctionSpec> = { ingest, analyze, execute, assess, 'dead-letter': deadLetter, mcp };
// prom-client's process metrics, which the README names as a group.
const isProcessMetric = (name: string) => name.startsWith('process_') || name.startsWith('nodejs_');
const TOKEN = 'metrics-contract-token';
const NS = 'shop';

let kube: FakeKubeApi;
let ollama: FakeOllama;
let db: TestDatabase;
let run: LocalRun;
let runtime: Runtime;
let dataDir = '';
let scraped = new Map<string, Family>();
let exposition = '';
const logLines: string[] = [];

type Labels = Record<string, string>;
const alert = (status: 'firing' | 'resolved', labels: Labels, fingerprint: string) => ({
  status,
  labels,
  annotations: { summary: `${labels.alertname} on ${labels.pod ?? labels.namespace}` },
  startsAt: '2026-11-27T10:00:00Z',
  endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
  generatorURL: '',
  fingerprint,
});
const webhook = (status: 'firing' | 'resolved', alerts: ReturnType<typeof alert>[], truncatedAlerts = 0) =>
  fetch(run.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      version: '4',
      groupKey: '{}:{}',
      truncatedAlerts,
      status,
      receiver: 'alerts-slm',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts,
    }),
  });

// One pass through everything the metrics count: a model recommendation performed on the fake cluster, a folded
// alert, a filtered one, a truncated notification, a failing model (the rules answer, and a critical waits for
// approval), a resolution and the assessment after it, a refused request, and a dead letter.
test.before(async () => {
  [kube, ollama, db] = await Promise.all([startFakeKubeApi(), startFakeOllama(), testDatabase(defaultTestDriver())]);
  seedNodes(kube);
  kube.add(deployment(NS, 'checkout', 4));
  kube.add(deployment(NS, 'cart', 2));
  const checkoutPod = String(podOf(kube, NS, 'checkout', 'x7k2p', { restarts: 3 }).metadata?.name);
  const otherCheckoutPod = String(podOf(kube, NS, 'checkout', 'q4m8z', { restarts: 1 }).metadata?.name);
  const cartPod = String(podOf(kube, NS, 'cart', 'b5n6t', { restarts: 2 }).metadata?.name);
  const answer = {
    action: 'increase_resources',
    parameters: { resource: 'memory', increase_percent: 50 },
    confidence: 0.8,
    reasoning: 'OOMKilled at its limit.',
    evidence: ['OOMKilled'],
  };
  ollama.respond((req) =>
    JSON.stringify(req.messages).includes(cartPod)
      ? { status: 500, error: 'llama runner process has terminated' }
      : { content: JSON.stringify(answer) },
  );

  dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-metrics-'));
  const config = loadConfig({
    WEBHOOK_PORT: String(await freePort()),
    WEBHOOK_AUTH_TOKEN: TOKEN,
    DATA_DIR: dataDir,
    KUBECONFIG: String(kubeSettingsFor(kube).kubeconfig),
    SLM_ENDPOINT: ollama.url,
    SLM_TIMEOUT: '5s',
    SLM_RETRY_COUNT: '1',
    ASSESS_STABILIZATION_WINDOW: '1s',
    // Changes are live only when asked for (DRY_RUN defaults to true): the gates and the actions are counted then.
    DRY_RUN: 'false',
  });
  // The run closes its database when it closes; this one is the test's to drop.
  const database: SqlDriver = { ...db.driver, close: async () => {} };
  runtime = { ...createRuntime(config), database, logger: createLogger({ level: 'info', write: (line) => logLines.push(line) }) };
  run = await runLocal({
    functions: { ingest, analyze, execute, assess },
    runtime,
    manifestsDir: join(import.meta.dirname, '..', '..', '..', 'knative'),
  });

  const oom = (pod: string, severity: string) => ({
    alertname: 'KubeContainerOOMKilled',
    severity,
    namespace: NS,
    pod,
    container: pod.split('-')[0] as string,
  });
  const first = alert('firing', oom(checkoutPod, 'warning'), 'fp-checkout');
  await webhook('firing', [first, alert('firing', { alertname: 'KubeQuotaAlmostFull', severity: 'info', namespace: NS }, 'fp-quota')], 1);
  await run.broker.idle();
  const second = alert('firing', oom(otherCheckoutPod, 'warning'), 'fp-checkout-2');
  await webhook('firing', [second]);
  await webhook('firing', [alert('firing', oom(cartPod, 'critical'), 'fp-cart')]);
  await run.broker.idle();
  // The incident resolves when both of its alerts have: one notification, as Alertmanager sends a group's.
  await webhook(
    'resolved',
    [first, second].map((a) => ({ ...a, status: 'resolved' as const, endsAt: new Date().toISOString() })),
  );
  await run.broker.idle();
  await run.broker.idle();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  run.tick();
  await run.broker.idle();
  await fetch(run.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const deadLetters = await createInvoker(deadLetter, runtime);
  await deadLetters.invoke({
    method: 'POST',
    headers: {},
    body: undefined,
    event: { specversion: '1.0', id: 'dl-1', source: '/alerts-slm/analyze', type: 'dev.alerts-slm.action.recommended.v1', data: {} },
  });

  exposition = await (await fetch(`${run.webhookUrl}metrics`)).text();
  scraped = parseExposition(exposition);
});

test.afterEach.always((t) => {
  if (!t.passed) t.log(logLines.slice(-40).join('\n'));
});

test.after.always(async () => {
  await run?.close();
  await Promise.all([kube?.close(), ollama?.close(), db?.drop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const ours = () => [...scraped.keys()].filter((name) => !isProcessMetric(name));
// The label names a family's samples carry (a histogram's `le` belongs to its buckets, not to the metric).
const labelSets = (family: Family) =>
  new Set(
    family.samples.map((s) =>
      Object.keys(s.labels)
        .filter((l) => l !== 'le')
        .sort()
        .join(','),
    ),
  );

test('the README lists every metric /metrics serves after a pipeline run, and /metrics serves every metric it lists', (t) => {
  t.true(documented.length >= 20, 'the table was read');
  t.deepEqual(ours().sort(), documented.map((d) => d.name).sort());
  t.true([...scraped.keys()].some(isProcessMetric), "Node's process metrics are served too");
});

test('each metric has the type and exactly the label names the README gives it, on every sample', (t) => {
  for (const d of documented) {
    const family = scraped.get(d.name);
    t.is(family?.type, d.type, d.name);
    t.true((family?.samples.length ?? 0) > 0, `${d.name} has samples after the run`);
    t.deepEqual([...labelSets(family as Family)], [[...d.labels].sort().join(',')], d.name);
  }
});

test("the seed's metrics are there under the seed's names and labels", (t) => {
  const seed: Record<string, string[]> = {
    alerts_processed_total: ['action', 'status'],
    slm_requests_duration_seconds: ['model', 'outcome', 'provider'],
    k8s_actions_total: ['result', 'type'],
    kubernetes_api_requests_total: ['code', 'resource', 'verb'],
    alerts_received_total: ['namespace', 'severity'],
  };
  for (const [name, labels] of Object.entries(seed)) t.deepEqual([...labelSets(scraped.get(name) as Family)], [labels.join(',')], name);
  const sample = (name: string, labels: Labels) =>
    scraped
      .get(name.replace(/_(count|bucket|sum)$/, ''))
      ?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;
  t.true(sample('slm_requests_duration_seconds_count', { provider: 'ollama', outcome: 'ok' }) >= 1, 'the model answered');
  t.true(sample('slm_requests_duration_seconds_count', { provider: 'ollama', outcome: 'error' }) >= 2, 'the failing call and its retry');
  t.is(sample('k8s_actions_total', { type: 'increase_resources', result: 'succeeded' }), 1);
  t.is(sample('alerts_processed_total', { action: 'increase_resources', status: 'approval_required' }), 1);
  t.true(sample('kubernetes_api_requests_total', { verb: 'patch', resource: 'deployments', code: '200' }) >= 1);
});

test('each function registers exactly the metrics the README says it exports', async (t) => {
  for (const [fn, spec] of Object.entries(FUNCTIONS)) {
    const registry = new Registry();
    const config = loadConfig({
      BROKER_URL: 'http://127.0.0.1:9/',
      WEBHOOK_AUTH_TOKEN: TOKEN,
      MCP_AUTH_TOKEN: TOKEN,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    });
    const invoker = await createInvoker(spec, { ...createRuntime(config), registry });
    const registered = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
    const expected = documented
      .filter((d) => d.exportedBy.includes(fn) || d.exportedBy.includes('every function'))
      .map((d) => d.name)
      .sort();
    t.deepEqual(registered, expected, fn);
    await invoker.close(0);
  }
});

// What a scraped sample name offers to a selector: its label names, as Prometheus would store them.
const sampleLabels = (): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>();
  for (const family of scraped.values())
    for (const s of family.samples) for (const l of Object.keys(s.labels)) out.set(s.name, (out.get(s.name) ?? new Set()).add(l));
  for (const family of scraped.values()) for (const s of family.samples) if (!out.has(s.name)) out.set(s.name, new Set());
  return out;
};

/** The problems of one expression: metric names the functions do not export, labels they do not carry. */
const problemsOf = (expr: string, known: Map<string, Set<string>>): string[] => {
  const needs = expressionNeeds(withGrafanaIntervals(expr));
  const problems: string[] = [];
  const offered = new Set<string>();
  for (const s of needs.selectors) {
    const labels = known.get(s.name);
    if (!labels) {
      problems.push(`${s.name} is not exported`);
      continue;
    }
    for (const l of labels) offered.add(l);
    for (const l of s.labels.filter((x) => !labels.has(x))) problems.push(`${s.name} has no label ${l}`);
  }
  for (const l of needs.groupingLabels.filter((x) => !offered.has(x))) problems.push(`no metric of the expression has label ${l}`);
  if (needs.selectors.length === 0) problems.push('reads no metric');
  return problems;
};

test('every Prometheus query of the dashboard reads only metric names and labels /metrics serves', (t) => {
  const known = sampleLabels();
  const exprs = dashboardTargets(loadDashboard()).filter((q) => q.expr !== undefined);
  t.true(exprs.length >= 15);
  for (const q of exprs) t.deepEqual(problemsOf(q.expr as string, known), [], `${q.panel} ${q.refId}: ${q.expr}`);
});

test('every rule reads only exported metrics and labels, or what an earlier rule of the file records', (t) => {
  const known = sampleLabels();
  const rules = loadRules().groups.flatMap((g) => g.rules);
  for (const r of rules) {
    t.deepEqual(problemsOf(r.expr, known), [], r.record ?? r.alert);
    if (r.record) known.set(r.record, new Set());
  }
});

test('the check can fail: a misspelt metric, an unknown label and a grouping by a label nothing has are found', (t) => {
  const known = sampleLabels();
  t.deepEqual(problemsOf('sum by (severity) (rate(alerts_recieved_total[$__rate_interval]))', known), [
    'alerts_recieved_total is not exported',
    'no metric of the expression has label severity',
  ]);
  t.deepEqual(problemsOf('sum(rate(k8s_actions_total{action="x"}[5m]))', known), ['k8s_actions_total has no label action']);
  t.deepEqual(problemsOf('histogram_quantile(0.9, sum by (le, model) (rate(slm_requests_duration_seconds_bucket[5m])))', known), []);
});

test("the rules' unit tests feed only series the functions export (Prometheus adds the pod label)", (t) => {
  const known = sampleLabels();
  const tests = parseYaml(readFileSync(RULES_TEST_FILE, 'utf8')) as { tests: { input_series: { series: string }[] }[] };
  const series = tests.tests.flatMap((x) => x.input_series.map((s) => s.series));
  t.true(series.length > 5);
  for (const s of series) {
    const [selector] = expressionNeeds(s).selectors;
    t.deepEqual(problemsOf(s.replace(/,?pod="[^"]*"/, '').replace('{,', '{'), known), [], s);
    t.truthy(selector);
  }
});

const promtool = PROMTOOL ? test : test.skip;
// prom-client's own process metrics are left out: three of its gauges end in _total, which promtool rightly flags.
const oursOnly = (text: string) =>
  text
    .split(/(?=^# HELP )/m)
    .filter((block) => !isProcessMetric(/^# HELP (\S+)/.exec(block)?.[1] ?? ''))
    .join('');

promtool('our metrics pass promtool check metrics (names, units, types, help)', (t) => {
  const r = spawnSync(PROMTOOL as string, ['check', 'metrics'], { input: oursOnly(exposition), encoding: 'utf8' });
  t.is(r.status, 0, r.stdout + r.stderr);
  t.true(oursOnly(exposition).includes('# TYPE k8s_actions_total counter'));
});

promtool('the lint can fail: a gauge named like a counter is flagged', (t) => {
  const r = spawnSync(PROMTOOL as string, ['check', 'metrics'], {
    input: '# HELP x_total x\n# TYPE x_total gauge\nx_total 1\n',
    encoding: 'utf8',
  });
  t.not(r.status, 0);
});
