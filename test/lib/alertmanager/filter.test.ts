import test from 'ava';
import { filterAlert, type AlertFilter } from '../../../lib/alertmanager/filter.ts';
import { parseMatchers } from '../../../lib/alertmanager/matchers.ts';
import type { AlertData } from '../../../lib/events/alert-events.ts';

const alert = (over: Partial<AlertData> = {}): AlertData => ({
  alertname: 'KubePodCrashLooping',
  status: 'firing',
  severity: 'warning',
  fingerprint: 'f',
  startsAt: '2026-11-27T00:00:00.000Z',
  endsAt: null,
  generatorURL: null,
  namespace: 'shop',
  target: null,
  workload: null,
  labels: { alertname: 'KubePodCrashLooping', severity: 'warning', team: 'shop' },
  annotations: {},
  receiver: 'r',
  groupKey: 'g',
  externalURL: 'e',
  ...over,
});
const none: AlertFilter = { severities: [], namespaces: [], excludeNamespaces: [], matchers: [] };

test('an empty filter keeps everything', (t) => {
  t.deepEqual(filterAlert(alert(), none), { kept: true });
});

test('severities not listed are dropped with the reason', (t) => {
  const v = filterAlert(alert({ severity: 'info' }), { ...none, severities: ['critical', 'warning'] });
  t.deepEqual(v, { kept: false, reason: 'severity "info" is not one of critical, warning' });
});

test('namespace allow and deny lists apply to namespaced alerts', (t) => {
  t.false(filterAlert(alert(), { ...none, namespaces: ['payments'] }).kept);
  t.true(filterAlert(alert(), { ...none, namespaces: ['shop'] }).kept);
  t.false(filterAlert(alert(), { ...none, excludeNamespaces: ['shop'] }).kept);
});

test('a cluster-scoped alert passes the namespace lists', (t) => {
  t.true(filterAlert(alert({ namespace: null }), { ...none, namespaces: ['payments'], excludeNamespaces: ['shop'] }).kept);
});

test('every label matcher must hold', (t) => {
  const filter = { ...none, matchers: parseMatchers('alertname!~"Watchdog|InfoInhibitor", team="shop"') };
  t.true(filterAlert(alert(), filter).kept);
  t.deepEqual(filterAlert(alert({ labels: { alertname: 'Watchdog', team: 'shop' } }), filter), {
    kept: false,
    reason: 'labels do not match alertname!~"Watchdog|InfoInhibitor"',
  });
});
