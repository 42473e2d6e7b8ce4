import test from 'ava';
import { ingest } from '../../../functions/ingest/index.ts';
import { normalizeAlert } from '../../../lib/alertmanager/normalize.ts';
import { parseWebhook } from '../../../lib/alertmanager/webhook.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { alertEventId } from '../../../lib/events/alert-events.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { serve, type Served } from '../../../lib/runtime/serve.ts';
import { capture, captures } from '../../support/fixtures.ts';
import { freePort } from '../../support/free-port.ts';
import { startRecordingBroker, type RecordingBroker } from '../../support/recording-broker.ts';

// One real server for the file: faas-js-runtime's start() on a loopback port, with our front door.
const TOKEN = 'lab-bearer-token-not-a-secret';
let broker: RecordingBroker;
let served: Served;
let url: string;

test.before(async () => {
  broker = await startRecordingBroker();
  const config = loadConfig({
    WEBHOOK_AUTH_TOKEN: TOKEN,
    BROKER_URL: broker.url,
    BROKER_TIMEOUT: '300ms',
    WEBHOOK_MAX_BODY_BYTES: '65536',
    LOG_LEVEL: 'error',
  });
  served = await serve(ingest, createRuntime(config), { port: await freePort() });
  url = `http://127.0.0.1:${served.port}`;
});
test.after.always(async () => {
  served?.server.closeAllConnections();
  await new Promise((resolve) => served?.server.close(resolve));
  await broker?.close();
});
test.beforeEach(() => {
  broker.received.length = 0;
  broker.respond(() => ({ status: 202 }));
});

const post = (body: string, headers: Record<string, string> = {}, path = '/') =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });
const expectedIds = (body: string) => {
  const payload = parseWebhook(JSON.parse(body));
  return payload.alerts.map((a) => alertEventId(normalizeAlert(a, payload))).sort();
};

test.serial('every real capture, sent with its real headers, is accepted and published with deterministic ids', async (t) => {
  for (const c of captures()) {
    broker.received.length = 0;
    const { host, 'content-length': _, ...headers } = c.headers;
    const response = await fetch(url + '/', { method: 'POST', headers, body: c.body });
    t.is(response.status, 202, c.name);
    const summary = (await response.json()) as Record<string, number>;
    t.is(summary.received, summary.published! + summary.filtered! + summary.duplicates!, c.name);
    t.deepEqual(broker.received.map((r) => r.event.id).sort(), expectedIds(c.body), c.name);
  }
});

test.serial('a mixed group publishes alert.firing and alert.resolved, each keyed by its workload', async (t) => {
  const response = await post(capture('0032').body);
  t.deepEqual(await response.json(), { received: 3, filtered: 0, published: 3, duplicates: 0, truncated: 0 });
  const byType = broker.received.map((r) => [r.event.type, r.event.partitionkey]).sort();
  t.deepEqual(byType, [
    ['dev.alerts-slm.alert.firing.v1', 'shop-prod/Deployment/checkout-api'],
    ['dev.alerts-slm.alert.firing.v1', 'shop-prod/Deployment/checkout-api'],
    ['dev.alerts-slm.alert.resolved.v1', 'shop-prod/Deployment/checkout-api'],
  ]);
  const resolved = broker.received.find((r) => r.event.type.endsWith('resolved.v1'));
  t.is(resolved?.headers['ce-source'], '/alerts-slm/ingest');
  t.is((resolved?.event.data as { endsAt: string } | undefined)?.endsAt, '2026-11-27T00:53:41.610Z');
});

test.serial(
  'a pod name whose owner cannot be guessed safely (web--0) is accepted, not a 500 that Alertmanager retries forever',
  async (t) => {
    const payload = JSON.parse(capture('0001').body) as { alerts: { labels: Record<string, string> }[] };
    for (const alert of payload.alerts) alert.labels = { ...alert.labels, pod: 'web--0' };
    const response = await post(JSON.stringify(payload));
    t.is(response.status, 202, await response.clone().text());
    t.true(broker.received.length > 0);
  },
);

test.serial('a byte-identical retry publishes the same ids again (downstream dedups on them)', async (t) => {
  const body = capture('0001').body;
  await post(body);
  await post(body);
  const ids = broker.received.map((r) => r.event.id);
  t.is(ids.length, 2);
  t.is(ids[0], ids[1]);
});

test.serial('truncated alerts are reported in the summary', async (t) => {
  t.like(await (await post(capture('0002').body)).json(), { received: 3, published: 3, truncated: 3 });
});

test.serial('filtered alerts are counted, not published, and not lost silently', async (t) => {
  const payload = JSON.parse(capture('0032').body);
  payload.alerts[0].labels.severity = 'info';
  payload.alerts[1].labels.alertname = 'Watchdog';
  t.deepEqual(await (await post(JSON.stringify(payload))).json(), { received: 3, filtered: 2, published: 1, duplicates: 0, truncated: 0 });
  t.is(broker.received.length, 1);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  t.regex(metrics, /alerts_filtered_total\{severity="info",namespace="shop-prod"\} 1/);
});

test.serial('the same alert twice in one body is published once and counted as a duplicate', async (t) => {
  const payload = JSON.parse(capture('0001').body);
  payload.alerts.push(payload.alerts[0]);
  t.like(await (await post(JSON.stringify(payload))).json(), { received: 2, published: 1, duplicates: 1 });
});

test.serial('no token, a wrong token or Basic auth is a 401, and nothing is published', async (t) => {
  for (const authorization of ['', 'Bearer wrong', 'Basic bGFiOnB3']) {
    const response = await post(capture('0001').body, { authorization });
    t.is(response.status, 401);
    t.is(response.headers.get('www-authenticate'), 'Bearer');
    t.deepEqual(await response.json(), { error: 'unauthorized', message: 'missing or wrong bearer token' });
  }
  t.is(broker.received.length, 0);
});

test.serial('methods other than POST are a 405 with Allow', async (t) => {
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    const response = await fetch(url + '/', { method, headers: { authorization: `Bearer ${TOKEN}` } });
    t.is(response.status, 405, method);
    t.is(response.headers.get('allow'), 'POST');
  }
});

test.serial('a non-JSON content type is a 415', async (t) => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/cloudevents+json']) {
    const response = await post(capture('0001').body, { 'content-type': type });
    t.is(response.status, 415, type);
    t.is(((await response.json()) as { error: string }).error, 'unsupported_media_type');
  }
});

test.serial('malformed JSON is a 400 with a JSON error', async (t) => {
  const response = await post('{"version": "4", ');
  t.is(response.status, 400);
  t.truthy(((await response.json()) as { message: string }).message);
});

test.serial('a schema-invalid body is a 400 naming the first invalid field', async (t) => {
  const payload = JSON.parse(capture('0032').body);
  delete payload.alerts[2].fingerprint;
  const response = await post(JSON.stringify(payload));
  t.is(response.status, 400);
  t.regex(((await response.json()) as { message: string }).message, /^invalid webhook body: alerts\[2\]\.fingerprint: /);
  t.is(broker.received.length, 0);
});

test.serial('a body above the limit is a 413, declared or streamed', async (t) => {
  const big = JSON.stringify({ ...JSON.parse(capture('0001').body), padding: 'x'.repeat(70_000) });
  const declared = await post(big);
  t.is(declared.status, 413);
  const streamed = await fetch(url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: new ReadableStream({
      start: (c) => {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  t.is(streamed.status, 413);
});

test.serial('a broker failure is a 503, so Alertmanager retries; nothing is acknowledged', async (t) => {
  broker.respond(() => ({ status: 500 }));
  const failed = await post(capture('0032').body);
  t.is(failed.status, 503);
  t.regex(((await failed.json()) as { message: string }).message, /publishing failed for 3 of 3 events/);
  broker.respond(() => ({ status: 202, delayMs: 1000 }));
  const slow = await post(capture('0001').body);
  t.is(slow.status, 503);
  t.regex(((await slow.json()) as { message: string }).message, /timed out/);
});

test.serial('query parameters cannot shadow the request (the runtime copies them over context fields)', async (t) => {
  const response = await post(capture('0001').body, {}, '/?method=GET&body=x&headers=y&cloudevent=z');
  t.is(response.status, 202);
  t.is(broker.received.length, 1);
});

test.serial('health probes and our metrics are served', async (t) => {
  t.is((await fetch(`${url}/health/liveness`)).status, 200);
  t.is((await fetch(`${url}/health/readiness`)).status, 200);
  await post(capture('0001').body);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  t.regex(metrics, /alerts_received_total\{severity="warning",namespace="shop-prod"\} \d+/);
  t.regex(metrics, /alerts_published_total\{status="firing"\} \d+/);
  t.regex(metrics, /function_invocations_total\{function="ingest",status="202"\} \d+/);
});

// The reproductions that once answered 503 forever (a header the broker request could not carry) or 202 and then
// failed in Postgres; fuzz.test.ts generates ten thousand more.
const withAlert = (change: (alert: Record<string, any>) => void) => {
  const payload = JSON.parse(capture('0001').body);
  change(payload.alerts[0]);
  return JSON.stringify(payload);
};

test.serial(
  'alert names with emoji, CJK, NUL, control characters or 20 KB publish; the subject header is percent-encoded and bounded',
  async (t) => {
    for (const name of ['Disk🔥Full', '磁盘已满', 'a\u0000b', 'line\r\nX-Injected: 1', 'N'.repeat(20_000)]) {
      const response = await post(withAlert((a) => (a.labels.alertname = name)));
      t.is(response.status, 202, name.slice(0, 20));
      const published = broker.received.at(-1);
      const subject = String(published?.headers['ce-subject']);
      t.regex(subject, /^[\x21-\x7e]*$/, 'printable ASCII only');
      t.true(subject.length <= 256 * 12);
      t.is(
        published?.event.subject,
        [...name.replace('\u0000', '\ufffd')].length > 256 ? `${[...name].slice(0, 255).join('')}…` : name.replace('\u0000', '\ufffd'),
      );
    }
  },
);

test.serial('bytes that are not UTF-8 in an alert name are accepted as replacement characters', async (t) => {
  const body = Buffer.from(withAlert((a) => (a.labels.alertname = 'AAA')));
  const at = body.indexOf('AAA');
  body[at + 1] = 0xff;
  const response = await fetch(url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body,
  });
  t.is(response.status, 202);
  t.is((broker.received.at(-1)?.event.data as { alertname: string } | undefined)?.alertname, 'A\ufffdA');
});

test.serial('a NUL or a lone surrogate in a label or annotation is replaced, so the alert can be stored', async (t) => {
  const response = await post(
    withAlert((a) => {
      a.labels['team\u0000x'] = 'pay\u0000ments';
      a.annotations.summary = 'lone \ud800 surrogate';
    }),
  );
  t.is(response.status, 202);
  const data = broker.received.at(-1)?.event.data as { labels: Record<string, string>; annotations: Record<string, string> };
  t.is(data.labels['team\ufffdx'], 'pay\ufffdments');
  t.is(data.annotations.summary, 'lone \ufffd surrogate');
});

test.serial(
  'a startsAt Postgres cannot store (year 0, with or without an offset) is a 400 naming the field, and nothing is published',
  async (t) => {
    for (const startsAt of ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00+01:00', '1969-12-31T23:59:59Z', '9999-12-31T23:00:00-14:00']) {
      const response = await post(withAlert((a) => (a.startsAt = startsAt)));
      t.is(response.status, 400, startsAt);
      t.regex(
        ((await response.json()) as { message: string }).message,
        /^invalid webhook body: alerts\[0\]\.startsAt: must lie between 1970-01-01 and 9999-12-31/,
      );
    }
    t.is(broker.received.length, 0);
  },
);

test.serial("an endsAt before 1970 (Go's zero time among them) means no end yet", async (t) => {
  const response = await post(withAlert((a) => (a.endsAt = '0000-06-01T00:00:00+02:00')));
  t.is(response.status, 202);
  t.is((broker.received.at(-1)?.event.data as { endsAt: string | null } | undefined)?.endsAt, null);
});
