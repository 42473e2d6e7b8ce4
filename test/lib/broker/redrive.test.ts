import test from 'ava';
import { planRedrive, REDRIVE_EXTENSION, withoutDeliveryMarks } from '../../../lib/broker/redrive.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';

const dead = (extra: Record<string, string>): CloudEventEnvelope => ({
  specversion: '1.0',
  id: 'e1',
  source: '/alerts-slm/ingest',
  type: 'dev.alerts-slm.alert.firing.v1',
  data: { a: 1 },
  knativeerrordest: 'http://analyze',
  knativeerrordata: 'eA==',
  ...extra,
});

test('a failure that may pass (5xx, 404, 408, 409, 429, or none at all) is sent back as first published, counted', (t) => {
  for (const code of ['500', '503', '404', '408', '409', '429', undefined]) {
    const plan = planRedrive(dead(code ? { knativeerrorcode: code } : {}), 3);
    t.true('send' in plan, String(code));
    if ('send' in plan)
      t.deepEqual(plan.send, {
        specversion: '1.0',
        id: 'e1',
        source: '/alerts-slm/ingest',
        type: 'dev.alerts-slm.alert.firing.v1',
        data: { a: 1 },
        [REDRIVE_EXTENSION]: '1',
      });
  }
});

test('a refusal (400, 403, 410) is kept for a person: retrying cannot help', (t) => {
  for (const code of ['400', '403', '410'])
    t.deepEqual(planRedrive(dead({ knativeerrorcode: code }), 3), { keep: `its consumer answered ${code}: retrying cannot help` });
});

test('the count goes up with each re-drive and stops at the limit', (t) => {
  t.like(planRedrive(dead({ knativeerrorcode: '503', [REDRIVE_EXTENSION]: '2' }), 3), { count: 3 });
  t.deepEqual(planRedrive(dead({ knativeerrorcode: '503', [REDRIVE_EXTENSION]: '3' }), 3), {
    keep: 're-driven 3 times already (the limit)',
  });
  t.deepEqual(planRedrive(dead({ knativeerrorcode: '503' }), 0), { keep: 're-driven 0 times already (the limit)' });
});

test('without its delivery marks a dead letter is the event as first published', (t) => {
  t.deepEqual(withoutDeliveryMarks(dead({ knativeerrorcode: '500', [REDRIVE_EXTENSION]: '1' })), {
    specversion: '1.0',
    id: 'e1',
    source: '/alerts-slm/ingest',
    type: 'dev.alerts-slm.alert.firing.v1',
    data: { a: 1 },
  });
});
