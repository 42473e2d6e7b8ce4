import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { loadRules, monitoringDir, PROMTOOL, RULES_FILE, RULES_TEST_FILE } from '../../support/monitoring-files.ts';

const prometheusRule = parseYaml(readFileSync(join(monitoringDir, 'prometheusrule.yaml'), 'utf8')) as {
  kind: string;
  spec: unknown;
  metadata: { labels: Record<string, string> };
};
const rules = loadRules();
const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert);

test('the PrometheusRule carries exactly the groups of the plain rules file', (t) => {
  t.is(prometheusRule.kind, 'PrometheusRule');
  t.deepEqual(prometheusRule.spec, rules);
  t.is(prometheusRule.metadata.labels['app.kubernetes.io/name'], 'alerts-slm');
});

test("the system's own health is covered: the model degraded to rules, dead letters, execute failures, approvals waiting, broker publishes", (t) => {
  t.deepEqual(alerts.map((a) => a.alert).sort(), [
    'AlertsSlmApprovalsWaitingTooLong',
    'AlertsSlmBrokerPublishFailures',
    'AlertsSlmDeadLettersGrowing',
    'AlertsSlmExecuteFailures',
    'AlertsSlmModelDegradedToRules',
  ]);
  for (const a of alerts) {
    t.truthy(a.labels?.severity, `${a.alert} has a severity`);
    t.truthy(a.annotations?.summary && a.annotations.description, `${a.alert} has a summary and a description`);
  }
  for (const r of rules.groups.flatMap((g) => g.rules).filter((x) => x.record))
    t.regex(r.record as string, /^alerts_slm:[a-z_]+:[a-z0-9_]+$/, 'level:metric:operations');
});

const promtool = PROMTOOL ? test : test.skip;
if (!PROMTOOL) console.warn('promtool is not installed (Debian package prometheus): the rules are not checked or unit-tested');
const run = (...args: string[]) => spawnSync(PROMTOOL as string, args, { encoding: 'utf8' });

promtool('promtool check rules accepts the rules file', (t) => {
  const r = run('check', 'rules', RULES_FILE);
  t.is(r.status, 0, r.stdout + r.stderr);
  t.regex(r.stdout, new RegExp(`SUCCESS: ${rules.groups.flatMap((g) => g.rules).length} rules found`));
});

promtool('promtool test rules: every unit test of the rules passes', (t) => {
  const r = run('test', 'rules', RULES_TEST_FILE);
  t.is(r.status, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /SUCCESS/);
});

promtool('the unit tests can fail: counted without the first value of a new pod, a dead letter goes unnoticed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-mutant-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const rulesText = readFileSync(RULES_FILE, 'utf8');
  const mutant = rulesText.replace('+ (sum(min_over_time(dead_letters_total[15m]) unless dead_letters_total offset 15m) or vector(0))', '');
  t.not(mutant, rulesText);
  writeFileSync(join(dir, 'alerts-slm.rules.yaml'), mutant);
  copyFileSync(RULES_TEST_FILE, join(dir, 'alerts-slm.rules.test.yaml'));
  const r = run('test', 'rules', join(dir, 'alerts-slm.rules.test.yaml'));
  t.not(r.status, 0);
  t.regex(r.stdout + r.stderr, /alertname: AlertsSlmDeadLettersGrowing, time: 22m/);
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0 ? test : test.skip;

kubectl('kubectl apply -k knative/monitoring renders the rule, the pod monitor and the dashboard ConfigMap Grafana loads', (t) => {
  const out = spawnSync('kubectl', ['kustomize', monitoringDir], { encoding: 'utf8' });
  t.is(out.status, 0, out.stderr);
  const objects = parseAllDocuments(out.stdout).map(
    (d) =>
      d.toJS() as {
        kind: string;
        metadata: { name: string; namespace: string; labels: Record<string, string> };
        data?: Record<string, string>;
      },
  );
  t.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
    'ConfigMap/alerts-slm-grafana-dashboard',
    'PodMonitor/alerts-slm',
    'PrometheusRule/alerts-slm',
  ]);
  for (const o of objects) t.is(o.metadata.namespace, 'alerts-slm');
  const configMap = objects.find((o) => o.kind === 'ConfigMap');
  t.is(configMap?.metadata.labels.grafana_dashboard, '1');
  t.is(configMap?.data?.['alerts-slm.json'], readFileSync(join(monitoringDir, 'grafana', 'alerts-slm.json'), 'utf8'));
});
