import test from 'ava';
import { normalizeAlert } from '../../../lib/alertmanager/normalize.ts';
import { endsAtOrNull, toUtcIso } from '../../../lib/alertmanager/timestamps.ts';
import { parseWebhook } from '../../../lib/alertmanager/webhook.ts';
import { AlertData } from '../../../lib/events/alert-events.ts';
import { capture, captures } from '../../support/fixtures.ts';

test('every alert of every capture normalises to valid alert data', (t) => {
  for (const c of captures()) {
    const payload = parseWebhook(JSON.parse(c.body));
    for (const a of payload.alerts) t.true(AlertData.safeParse(normalizeAlert(a, payload)).success, `${c.name} ${a.fingerprint}`);
  }
});

test('nanosecond precision and a +02:00 offset become UTC milliseconds; unicode and escapes survive', (t) => {
  const payload = parseWebhook(JSON.parse(capture('0001').body));
  const a = normalizeAlert(payload.alerts[0]!, payload);
  t.is(a.startsAt, '2026-01-15T07:30:00.123Z');
  t.is(a.endsAt, null);
  t.is(a.labels.team, 'café-über-日本-🔥');
  t.is(a.annotations.summary, 'Pod is not ready ⚠️ "quoted" <b>bold</b> & amp');
  t.is(a.severity, 'warning');
  t.is(a.receiver, 'Default');
});

test('a resolved alert inside a firing group keeps its own status and end', (t) => {
  const payload = parseWebhook(JSON.parse(capture('0032').body));
  const resolved = payload.alerts.map((x) => normalizeAlert(x, payload)).find((x) => x.status === 'resolved');
  t.is(resolved?.endsAt, '2026-11-27T00:53:41.610Z');
  t.is(resolved?.alertname, 'KubePodCrashLooping');
});

test('an empty generatorURL is null and a missing severity is "none"', (t) => {
  const payload = parseWebhook(JSON.parse(capture('0001').body));
  const raw = { ...payload.alerts[0]!, generatorURL: '', labels: { alertname: 'X' } };
  const a = normalizeAlert(raw, payload);
  t.is(a.generatorURL, null);
  t.is(a.severity, 'none');
});

test("Go's zero time means no end; real ends are kept", (t) => {
  t.is(endsAtOrNull('0001-01-01T00:00:00Z'), null);
  t.is(endsAtOrNull(undefined), null);
  t.is(endsAtOrNull('2026-11-27T00:52:46.61Z'), '2026-11-27T00:52:46.610Z');
  t.is(toUtcIso('2026-11-27T01:52:46.61+01:00'), '2026-11-27T00:52:46.610Z');
});
