import test from 'ava';
import { parseWebhook } from '../../../lib/alertmanager/webhook.ts';
import { InvalidError } from '../../../lib/errors/errors.ts';
import { capture, captures } from '../../support/fixtures.ts';

test('every real Alertmanager 0.25 capture is a valid webhook body', (t) => {
  for (const c of captures()) {
    const payload = parseWebhook(JSON.parse(c.body));
    t.is(payload.version, '4', c.name);
    t.true(payload.alerts.length > 0, c.name);
  }
});

test('the truncated capture says how many alerts Alertmanager left out', (t) => {
  t.is(parseWebhook(JSON.parse(capture('0002').body)).truncatedAlerts, 3);
});

test('unknown fields of a newer Alertmanager are ignored', (t) => {
  const body = { ...JSON.parse(capture('0001').body), somethingNew: { a: 1 } };
  t.notThrows(() => parseWebhook(body));
});

const broken = (mutate: (b: Record<string, any>) => void) => {
  const body = JSON.parse(capture('0032').body) as Record<string, any>;
  mutate(body);
  return body;
};

const cases: [string, (b: Record<string, any>) => void, RegExp][] = [
  ['another version', (b) => (b.version = '3'), /^invalid webhook body: version: /],
  ['no alerts', (b) => delete b.alerts, /alerts: /],
  ['an alert without alertname', (b) => delete b.alerts[1].labels.alertname, /alerts\[1\]\.labels\.alertname: /],
  ['a label that is not a string', (b) => (b.alerts[0].labels.severity = 3), /alerts\[0\]\.labels\.severity: /],
  ['an unknown status', (b) => (b.alerts[2].status = 'pending'), /alerts\[2\]\.status: /],
  ['a startsAt that is not RFC 3339', (b) => (b.alerts[0].startsAt = 'yesterday'), /alerts\[0\]\.startsAt: /],
  ['an empty fingerprint', (b) => (b.alerts[0].fingerprint = ''), /alerts\[0\]\.fingerprint: /],
];
for (const [what, mutate, message] of cases) {
  test(`a body with ${what} is a 400 naming the field`, (t) => {
    const error = t.throws(() => parseWebhook(broken(mutate)), { instanceOf: InvalidError });
    t.is(error.status, 400);
    t.regex(error.message, message);
  });
}

test('a body that is not a JSON object is a 400', (t) => {
  for (const body of [null, [], 'text', 42])
    t.throws(() => parseWebhook(body), { instanceOf: InvalidError, message: /expected a JSON object/ });
});
