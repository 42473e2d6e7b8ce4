import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type AlertmanagerConfigFile, loadReceiverExample, mergeReceiverExample } from '../support/alertmanager-example.ts';
import { findAmtool } from '../support/amtool.ts';
import { loadKnative, repoRoot } from './manifest-checks.ts';
import { type AlertmanagerConfigObject, renderWithAlertmanagerConfig } from './prometheus-operator-render.ts';

// The examples in knative/alertmanager/ must add alerts-slm without taking an alert away from anyone: checked with
// Alertmanager's own routing code (amtool), on a user's configuration merged with each example as it says.

const amtool = findAmtool();
if ('missing' in amtool) console.warn(`skipping the amtool checks of the Alertmanager examples: ${amtool.missing}`);
const withAmtool = 'missing' in amtool ? test.skip : test;
const tool = () => {
  if ('missing' in amtool) throw new Error(amtool.missing);
  return amtool;
};

// A user's configuration before alerts-slm: the root receiver pages; as in kube-prometheus's default, the Watchdog
// (always firing, severity none) has a route of its own; and one team routes its alerts to itself.
const hook = (name: string) => ({ name, webhook_configs: [{ url: `http://${name}.monitoring.svc.cluster.local/` }] });
const USER: AlertmanagerConfigFile = {
  route: {
    receiver: 'pager',
    group_by: ['namespace'],
    routes: [
      { receiver: 'deadman', matchers: ['alertname="Watchdog"'] },
      { receiver: 'team-db', matchers: ['team="db"'] },
    ],
  },
  receivers: [{ name: 'pager', pagerduty_configs: [{ routing_key: 'REPLACE-ME' }] }, hook('deadman'), hook('team-db')],
};

/** Alerts, what the user's configuration does with them, and what it must do once alerts-slm is in. */
const alert = (alertname: string, namespace: string, severity: string, more: Record<string, string> = {}) => ({
  alertname,
  namespace,
  severity,
  ...more,
});
const CASES = [
  { labels: alert('KubePodCrashLooping', 'shop', 'critical'), before: ['pager'], after: ['alerts-slm', 'pager'] },
  { labels: alert('KubeContainerOOMKilled', 'shop', 'warning'), before: ['pager'], after: ['alerts-slm', 'pager'] },
  { labels: alert('PostgresDown', 'db', 'critical', { team: 'db' }), before: ['team-db'], after: ['alerts-slm', 'team-db'] },
  { labels: alert('Watchdog', 'monitoring', 'none'), before: ['deadman'], after: ['deadman'] },
  { labels: alert('KubeQuotaAlmostFull', 'shop', 'info'), before: ['pager'], after: ['pager'] },
] as const;
const describe = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

const alertmanagerConfig = loadKnative().find((m) => m.kind === 'AlertmanagerConfig') as unknown as AlertmanagerConfigObject;
const TOKEN = { 'alerts-slm/webhook-token': 'token-from-the-secret' };
// Our comment: the base configuration ends with a catch-all naming its root receiver.
const baseWithCatchAll: AlertmanagerConfigFile = {
  ...USER,
  route: { ...USER.route, routes: [...(USER.route.routes ?? []), { receiver: 'pager' }] },
};
const OURS = 'alerts-slm/alerts-slm/alerts-slm';

test("the README's snippet is the example file's configuration", (t) => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const snippet = /## Point Alertmanager at it[^#]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  t.truthy(snippet, 'README.md has a yaml block under "Point Alertmanager at it"');
  t.deepEqual(parseYaml(snippet ?? ''), loadReceiverExample());
});

withAmtool('amtool accepts the plain example, the user configuration merged with it, and what the operator renders', (t) => {
  const { check } = tool();
  t.is(check(loadReceiverExample()), null);
  t.is(check(mergeReceiverExample(USER, loadReceiverExample())), null);
  t.is(check(renderWithAlertmanagerConfig(baseWithCatchAll, alertmanagerConfig, { strategy: 'None', secrets: TOKEN })), null);
});

withAmtool(
  'merged as its header says, the plain example sends criticals and warnings to alerts-slm and takes no alert from any receiver',
  (t) => {
    const { routes } = tool();
    const merged = mergeReceiverExample(USER, loadReceiverExample());
    for (const { labels, before, after } of CASES) {
      t.deepEqual(routes(USER, labels), [...before], `before the merge: ${describe(labels)}`);
      t.deepEqual(routes(merged, labels), [...after], `after the merge: ${describe(labels)}`);
    }
  },
);

withAmtool('the example alone routes a critical alert to alerts-slm and to the root receiver it stands for', (t) => {
  t.deepEqual(tool().routes(loadReceiverExample(), { alertname: 'KubePodCrashLooping', severity: 'critical' }), ['alerts-slm', 'pager']);
});

withAmtool(
  'rendered by prometheus-operator with strategy None into a base that ends with the catch-all, the AlertmanagerConfig takes no alert from any receiver',
  (t) => {
    const rendered = renderWithAlertmanagerConfig(baseWithCatchAll, alertmanagerConfig, { strategy: 'None', secrets: TOKEN });
    for (const { labels, before, after } of CASES) {
      t.deepEqual(
        tool().routes(rendered, labels),
        after.map((r) => (r === 'alerts-slm' ? OURS : r)),
        describe(labels),
      );
      t.deepEqual(tool().routes(baseWithCatchAll, labels), [...before], `the catch-all itself changes nothing: ${describe(labels)}`);
    }
  },
);

withAmtool("without the catch-all in the base, the operator's merge would take criticals and warnings from the root receiver", (t) => {
  const rendered = renderWithAlertmanagerConfig(USER, alertmanagerConfig, { strategy: 'None', secrets: TOKEN });
  t.deepEqual(tool().routes(rendered, CASES[0].labels), [OURS]);
  t.deepEqual(tool().routes(rendered, CASES[1].labels), [OURS]);
});

withAmtool("with the operator's default matcher strategy, alerts-slm would only see alerts about its own namespace", (t) => {
  const rendered = renderWithAlertmanagerConfig(baseWithCatchAll, alertmanagerConfig, { strategy: 'OnNamespace', secrets: TOKEN });
  t.deepEqual(tool().routes(rendered, CASES[0].labels), ['pager']);
  t.deepEqual(tool().routes(rendered, { ...CASES[0].labels, namespace: 'alerts-slm' }), [OURS, 'pager']);
});
