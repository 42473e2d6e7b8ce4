import test from 'ava';
import { ingest } from '../../../functions/ingest/index.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { serve, type Served } from '../../../lib/runtime/serve.ts';
import { capture } from '../../support/fixtures.ts';
import { freePort } from '../../support/free-port.ts';
import { ODD_TARGETS, rawRequest } from '../../support/raw-http.ts';
import { startRecordingBroker, type RecordingBroker } from '../../support/recording-broker.ts';

// ingest behind the front door, served through faas-js-runtime as the image entry serves it.
const TOKEN = 'front-door-test-token';
let broker: RecordingBroker;
let served: Served;
const logs: Record<string, unknown>[] = [];

test.before(async () => {
  broker = await startRecordingBroker();
  const runtime = createRuntime(loadConfig({ WEBHOOK_AUTH_TOKEN: TOKEN, BROKER_URL: broker.url, LOG_LEVEL: 'warn' }));
  const logger = runtime.logger;
  const capturing = {
    ...logger,
    warn: (msg: string, fields?: Record<string, unknown>) => void logs.push({ msg, ...fields }),
    child: () => capturing,
  };
  served = await serve(ingest, { ...runtime, logger: capturing }, { port: await freePort() });
});
test.after.always(async () => {
  served?.server.closeAllConnections();
  await new Promise((resolve) => served?.server.close(resolve));
  await broker?.close();
});
test.beforeEach(() => {
  broker.received.length = 0;
  logs.length = 0;
});

const webhook = capture('0001').body;
const json = { 'content-type': 'application/json' };

// First in the file: the log is rate-limited per status, and later tests refuse many requests.
test.serial('refused requests are counted by status and logged with the source address, never the token', async (t) => {
  const wrong = 'Bearer not-the-token-but-secret-looking';
  await rawRequest(served.port, '/', { headers: { ...json, authorization: wrong }, body: webhook });
  await rawRequest(served.port, '/', { method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } });
  await rawRequest(served.port, '/', { headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` }, body: 'x' });
  await rawRequest(served.port, '/', { headers: { ...json, authorization: `Bearer ${TOKEN}` }, body: '{"version":"4"}' });
  const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 1) });
  await rawRequest(served.port, '/', { headers: { ...json, authorization: `Bearer ${TOKEN}` }, body: big });
  const metrics = (await rawRequest(served.port, '/metrics', { method: 'GET' })).body;
  for (const status of ['401', '405', '415', '400', '413'])
    t.regex(metrics, new RegExp(`http_requests_rejected_total\\{function="ingest",status="${status}"\\} [1-9]`), status);
  const rejected = logs.filter((l) => l.msg === 'request rejected');
  t.deepEqual(rejected.map((l) => l.status).sort(), [400, 401, 405, 413, 415]);
  for (const line of rejected) t.regex(String(line.remoteAddress), /^(::ffff:)?127\.0\.0\.1$/);
  t.false(JSON.stringify(logs).includes('not-the-token'));
  t.false(JSON.stringify(logs).includes(TOKEN));
});

test.serial('no request target reaches the handler without the token: each is a 401 and nothing is published', async (t) => {
  for (const target of ODD_TARGETS) {
    for (const method of ['POST', 'PUT', 'GET']) {
      const r = await rawRequest(served.port, target, { method, headers: json, body: webhook });
      t.is(r.status, 401, `${method} ${target}`);
      t.is(r.headers['www-authenticate'], 'Bearer', `${method} ${target}`);
    }
  }
  t.is(broker.received.length, 0);
});

test.serial(
  'with the token, only POST / (or /alerts, below) reaches the handler; any other target is a 404 and nothing is published',
  async (t) => {
    const auth = { ...json, authorization: `Bearer ${TOKEN}` };
    for (const target of ODD_TARGETS.filter((x) => x !== '/' && x !== '/?')) {
      const r = await rawRequest(served.port, target, { headers: auth, body: webhook });
      t.is(r.status, 404, target);
      t.is(JSON.parse(r.body).error, 'not_found', target);
    }
    t.is(broker.received.length, 0);
    t.is((await rawRequest(served.port, '/?', { headers: auth, body: webhook })).status, 202);
    t.is((await rawRequest(served.port, '/', { headers: auth, body: webhook })).status, 202);
    t.is(broker.received.length, 2);
  },
);

test.serial('POST /alerts (the seed’s webhook path) is answered exactly like POST /, token and all', async (t) => {
  const auth = { ...json, authorization: `Bearer ${TOKEN}` };
  const root = await rawRequest(served.port, '/', { headers: auth, body: webhook });
  const alerts = await rawRequest(served.port, '/alerts', { headers: auth, body: webhook });
  t.is(alerts.status, 202);
  t.deepEqual(JSON.parse(alerts.body), JSON.parse(root.body));
  t.is(broker.received.length, 2 * JSON.parse(root.body).published);
  t.is((await rawRequest(served.port, '/alerts', { headers: json, body: webhook })).status, 401);
  t.is((await rawRequest(served.port, '/alerts', { method: 'GET', headers: auth })).status, 405);
  for (const odd of ['/alerts/', '/alerts;', '/ALERTS', '//alerts', '/alerts/x'])
    t.is((await rawRequest(served.port, odd, { headers: auth, body: webhook })).status, 404, odd);
  t.is(broker.received.length, 2 * JSON.parse(root.body).published);
});

test.serial('the probes and /metrics answer GET without credentials; nothing else does', async (t) => {
  for (const path of ['/health/liveness', '/health/readiness', '/health', '/ready']) {
    const r = await rawRequest(served.port, path, { method: 'GET' });
    t.is(r.status, 200, path);
    t.is(r.body, 'OK', path);
  }
  const metrics = await rawRequest(served.port, '/metrics', { method: 'GET' });
  t.is(metrics.status, 200);
  t.regex(metrics.body, /function_invocations_total/);
  const notPublic = [
    ['POST', '/metrics'],
    ['GET', '/metrics?x=1'],
    ['GET', '/health?x=1'],
    ['POST', '/ready'],
    ['GET', '/healthz'],
    ['DELETE', '/health/liveness'],
    ['GET', 'http://x/metrics'],
  ] as const;
  for (const [method, path] of notPublic) {
    t.is((await rawRequest(served.port, path, { method })).status, 401, `${method} ${path}`);
  }
});
