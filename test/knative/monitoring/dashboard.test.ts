import test from 'ava';
import type { ActionName } from '../../../lib/domain/action-name.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom } from '../../support/alerts.ts';
import { grafanaSql } from '../../support/grafana-sql.ts';
import { allPanels, dashboardTargets, loadDashboard, monitoringDir, PROMTOOL } from '../../support/monitoring-files.ts';
import { withGrafanaIntervals } from '../../support/promql-selectors.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

const dashboard = loadDashboard();
const targets = dashboardTargets(dashboard);
const variables = Object.fromEntries(
  dashboard.templating.list.filter((v) => v.type === 'textbox').map((v) => [v.name, v.current?.value ?? v.query]),
);
const variable = (name: string) => dashboard.templating.list.find((v) => v.name === name);

test('the dashboard has the panels an operator needs, each described', (t) => {
  const titles = allPanels(dashboard)
    .filter((p) => p.type !== 'row')
    .map((p) => p.title);
  for (const needed of [
    'Alerts in',
    'Recommendations by source and action',
    'Gate blocks',
    'Actions by outcome',
    'Model latency p50 / p95',
    'Effectiveness by action, next to doing nothing',
    'Pending approvals',
  ]) {
    t.true(titles.includes(needed), needed);
  }
  for (const p of allPanels(dashboard).filter((p) => p.type !== 'row'))
    t.true((p.description ?? '').length > 20, `${p.title} says what it shows`);
  t.is(new Set(allPanels(dashboard).map((p) => p.id)).size, allPanels(dashboard).length, 'panel ids are unique');
});

test('every query reads the data source variable of its kind, so the dashboard works under any data source names', (t) => {
  t.like(variable('datasource'), { type: 'datasource', query: 'prometheus' });
  t.like(variable('postgres'), { type: 'datasource', query: 'grafana-postgresql-datasource' });
  for (const q of targets) {
    if (q.expr !== undefined) t.deepEqual(q.datasource, { type: 'prometheus', uid: '${datasource}' }, `${q.panel} ${q.refId}`);
    else t.deepEqual(q.datasource, { type: 'grafana-postgresql-datasource', uid: '${postgres}' }, `${q.panel} ${q.refId}`);
  }
  t.true(targets.some((q) => q.rawSql) && targets.some((q) => q.expr));
});

test('the provisioning example defines both data source types and loads the dashboard from a directory', (t) => {
  const sources = parseYaml(readFileSync(join(monitoringDir, 'grafana', 'datasources.yaml'), 'utf8')) as {
    apiVersion: number;
    datasources: { type: string; uid: string; jsonData?: { database?: string } }[];
  };
  t.is(sources.apiVersion, 1);
  t.deepEqual(sources.datasources.map((d) => d.type).sort(), ['grafana-postgresql-datasource', 'prometheus']);
  t.truthy(
    sources.datasources.find((d) => d.type === 'grafana-postgresql-datasource')?.jsonData?.database,
    'Grafana needs a default database for PostgreSQL',
  );
  const providers = parseYaml(readFileSync(join(monitoringDir, 'grafana', 'dashboards.yaml'), 'utf8')) as {
    apiVersion: number;
    providers: { type: string; options: { path: string } }[];
  };
  t.is(providers.apiVersion, 1);
  t.like(providers.providers[0], { type: 'file' });
});

const promtool = PROMTOOL ? test : test.skip;
if (!PROMTOOL) console.warn('promtool is not installed (Debian package prometheus): the dashboard expressions are not parsed');

promtool("every Prometheus expression of the dashboard parses (Prometheus' own parser, through promtool)", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-exprs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const exprs = targets.filter((q) => q.expr !== undefined);
  const rules = exprs.map((q, i) => ({ record: `dashboard:query_${i}`, expr: withGrafanaIntervals(q.expr as string) }));
  writeFileSync(join(dir, 'exprs.yaml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
  const r = spawnSync(PROMTOOL as string, ['check', 'rules', join(dir, 'exprs.yaml')], { encoding: 'utf8' });
  t.is(r.status, 0, r.stdout + r.stderr);
  t.regex(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
});

promtool('the expression check can fail: a broken expression is refused', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-exprs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'exprs.yaml'),
    stringify({ groups: [{ name: 'dashboard', rules: [{ record: 'dashboard:broken', expr: 'sum by (le (rate(x[5m]))' }] }] }),
  );
  t.not(spawnSync(PROMTOOL as string, ['check', 'rules', join(dir, 'exprs.yaml')], { encoding: 'utf8' }).status, 0);
});

test('Grafana macros expand as Grafana expands them; an unknown macro or variable is an error', (t) => {
  const range = { from: new Date('2026-11-27T10:00:00.000Z'), to: new Date('2026-11-27T12:30:00.250Z') };
  t.is(
    grafanaSql("SELECT 1 WHERE $__timeFilter(a.started_at) AND b > interval '$w' AND c < $__timeTo()", { w: "1 hour'" }, range),
    "SELECT 1 WHERE a.started_at BETWEEN '2026-11-27T10:00:00Z' AND '2026-11-27T12:30:00.25Z' AND b > interval '1 hour''' AND c < '2026-11-27T12:30:00.25Z'",
  );
  t.is(grafanaSql('SELECT $__timeGroupAlias(t, 5m)', {}, range), 'SELECT floor(extract(epoch from t)/300)*300 AS "time"');
  t.throws(() => grafanaSql('SELECT $__nope(x)', {}, range), { message: /unknown macro/ });
  t.throws(() => grafanaSql("SELECT '$missing'", {}, range), { message: /not defined/ });
});

// The SQL panels against the suite's database, after the migrations, with history written through the store.
let db: TestDatabase;
let store: Store;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000);
let clock = ago(0);
let n = 0;

const incident = async (alertname: string, openedMinutesAgo: number, resolvedAfterMinutes: number | null) => {
  clock = ago(openedMinutesAgo);
  const alert = alertFrom({ alertname, namespace: 'shop', deployment: `web-${++n}`, severity: 'warning' });
  await store.alerts.upsert(alert);
  const { incident } = await store.incidents.fold({
    dedupKey: `d-${n}`,
    alert,
    target: alert.workload,
    eventId: `e-${n}`,
    windowMs: 3_600_000,
  });
  if (resolvedAfterMinutes !== null) await store.incidents.resolveAlert(alert.fingerprint, ago(openedMinutesAgo - resolvedAfterMinutes));
  return { incident, alert };
};

const action = async (
  alertname: string,
  name: ActionName,
  status: 'succeeded' | 'approval_required',
  minutesAgo: number,
  outcome: 'effective' | 'ineffective' | 'harmful' | 'inconclusive' | null,
) => {
  const { incident: i, alert } = await incident(alertname, minutesAgo, null);
  clock = ago(minutesAgo);
  const verdicts = [
    { gate: 'parameters', verdict: 'pass' as const, reason: 'within the catalog schema' },
    ...(status === 'approval_required' ? [{ gate: 'mode', verdict: 'approval' as const, reason: 'criticals in shop need approval' }] : []),
  ];
  const { action: a } = await store.actions.insert({
    recommendationEventId: `rec-${++n}`,
    incidentId: i.id,
    alertname,
    fingerprint: alert.fingerprint,
    target: alert.workload,
    action: name,
    parameters: {},
    disruptive: true,
    decision: status === 'succeeded' ? 'perform' : 'approval',
    verdicts,
    status: status === 'succeeded' ? 'running' : status,
    preState: null,
    preSpecHash: null,
  });
  if (status === 'succeeded') await store.actions.finish(a.id, { status });
  if (outcome) {
    const s = await store.assessments.schedule(a.id, clock, clock);
    await store.assessments.save(s.id, {
      outcome,
      score: 0.5,
      resolved: outcome === 'effective',
      factors: [],
      baselineRate: null,
      reasoning: 'seeded',
    });
  }
  return a;
};

test.before(async () => {
  db = await testDatabase(defaultTestDriver());
  store = createStore(db.driver, () => clock);
  // KubeContainerOOMKilled: memory raised 4 times (2 effective, 1 ineffective, 1 inconclusive), restarted once
  // (harmful); 4 incidents left alone, 3 of them cleared within 30 minutes, one still open.
  for (const outcome of ['effective', 'effective', 'ineffective', 'inconclusive'] as const)
    await action('KubeContainerOOMKilled', 'increase_resources', 'succeeded', 300, outcome);
  await action('KubeContainerOOMKilled', 'restart_deployment', 'succeeded', 280, 'harmful');
  for (const cleared of [10, 20, 25, null]) await incident('KubeContainerOOMKilled', 240, cleared);
  // An incident that cleared after the window does not count as cleared on its own.
  await incident('KubeContainerOOMKilled', 200, 45);
  // Waiting for approval: one for 10 minutes, one for 3 hours (expired with the 1 hour TTL).
  await action('KubePodCrashLooping', 'rollback_deployment', 'approval_required', 10, null);
  await action('KubePodCrashLooping', 'rollback_deployment', 'approval_required', 180, null);
  clock = ago(5);
  await store.deadLetters.keep({
    specversion: '1.0',
    id: 'dl-1',
    source: '/alerts-slm/analyze',
    type: 'dev.alerts-slm.action.recommended.v1',
    data: {},
    knativeerrordest: 'http://execute',
    knativeerrorcode: '500',
  });
});
test.after.always(() => db?.drop());

const range = () => ({ from: new Date(now - 24 * 3_600_000), to: new Date(now + 60_000) });
const run = async (title: string) => {
  const q = targets.find((x) => x.panel === title && x.rawSql);
  if (!q?.rawSql) throw new Error(`no SQL panel ${title}`);
  return (await db.driver.query<Record<string, unknown>>(grafanaSql(q.rawSql, variables, range()))).rows;
};
const num = (v: unknown) => (v === null ? null : Number(v));

test.serial('every SQL query of the dashboard runs against the migrated database, macros and variables expanded', async (t) => {
  const sql = targets.filter((q) => q.rawSql);
  t.true(sql.length >= 3);
  for (const q of sql) await t.notThrowsAsync(db.driver.query(grafanaSql(q.rawSql as string, variables, range())), q.panel);
});

test.serial('effectiveness next to the baseline shows what alerts-slm stats computes from the same history', async (t) => {
  const rows = await run('Effectiveness by action, next to doing nothing');
  const stats = await createStore(db.driver).decisions.effectiveness();
  const baseline = await createStore(db.driver).history.noActionBaseline('KubeContainerOOMKilled', 30 * 60_000);
  t.deepEqual(baseline, { alertname: 'KubeContainerOOMKilled', samples: 5, resolvedWithin: 3, rate: 0.6 });
  const round1 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  t.deepEqual(
    rows.map((r) => ({
      alert: r.Alert,
      action: r.Action,
      assessed: num(r.Assessed),
      effective: num(r['Effective %']),
      harmful: num(r.Harmful),
      inconclusive: num(r.Inconclusive),
      cleared: num(r['No action: cleared %']),
      incidents: num(r['No action: incidents']),
    })),
    stats.map((s) => ({
      alert: s.alertname,
      action: s.action,
      assessed: s.samples,
      effective: round1(s.rate),
      harmful: s.harmful,
      inconclusive: s.inconclusive,
      cleared: round1(baseline.rate),
      incidents: baseline.samples,
    })),
  );
  t.like(rows[0], { Alert: 'KubeContainerOOMKilled', Action: 'increase_resources' });
  t.is(num(rows[0]?.['Effective %']), 66.7, 'two of three judged: the inconclusive one is left out');
});

test.serial('pending approvals lists what waits within the TTL, oldest first, with the gate that asked', async (t) => {
  const rows = await run('Pending approvals');
  t.is(rows.length, 1, 'the one waiting 3 hours has expired');
  t.like(rows[0], { Action: 'rollback_deployment', Alert: 'KubePodCrashLooping', 'Why it waits': 'mode: criticals in shop need approval' });
  t.is(num(rows[0]?.['Waiting (min)']), 10);
  t.regex(String(rows[0]?.Target), /^shop\/Deployment\/web-\d+$/);
});

test.serial('dead letters kept in the time range are listed, newest first', async (t) => {
  const rows = await run('Dead letters kept');
  t.like(rows[0], { Type: 'dev.alerts-slm.action.recommended.v1', Destination: 'http://execute', Code: '500', 'Event id': 'dl-1' });
});
