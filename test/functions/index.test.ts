import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, spawnUntilReady, stop } from '../../lib/cli/bench/processes.ts';
import { capture } from '../support/fixtures.ts';
import { ODD_TARGETS, rawRequest } from '../support/raw-http.ts';
import { startRecordingBroker } from '../support/recording-broker.ts';

// The built image entry, as a Knative Service runs it (make build runs before the tests).
const dist = join(import.meta.dirname, '..', '..', 'dist');
const entry = join(dist, 'index.js');

test('the image entry serves the function named by FUNCTION', async (t) => {
  t.true(existsSync(entry), 'dist/index.js is missing: run `make build`');
  const port = await freePort();
  // Ready (a 200 on /health/readiness) or it throws.
  const { child } = await spawnUntilReady(
    [entry],
    { FUNCTION: 'ingest', PORT: String(port), BROKER_URL: 'http://127.0.0.1:9/', WEBHOOK_AUTH_TOKEN: 't', LOG_LEVEL: 'error' },
    `http://127.0.0.1:${port}/health/readiness`,
  );
  t.teardown(() => stop(child));
  const r = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: '{"version":"3"}',
  });
  t.is(r.status, 400);
});

test('an unknown FUNCTION or a bad configuration stops the entry with a message', (t) => {
  const unknown = spawnSync(process.execPath, [entry], { env: { ...process.env, FUNCTION: 'nope' }, encoding: 'utf8' });
  t.is(unknown.status, 1);
  t.regex(unknown.stderr, /FUNCTION must name one of ingest, analyze, execute, assess, dead-letter/);
  const noBroker = spawnSync(process.execPath, [entry], {
    env: { ...process.env, FUNCTION: 'ingest', WEBHOOK_AUTH_TOKEN: 't', BROKER_URL: '', K_SINK: '' },
    encoding: 'utf8',
  });
  t.is(noBroker.status, 1);
  t.regex(noBroker.stderr, /BROKER_URL \(or K_SINK from a SinkBinding\) is required/);
});

// The files a bundle loads at start (static imports), or may load at all (dynamic imports too), following chunks.
const reachable = (file: string, lazy: boolean, seen = new Set<string>()): Set<string> => {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const pattern = lazy ? /(?:from\s*|import\s*\(?\s*)"(\.\/[^"]+\.js)"/g : /(?:from\s*|import\s*)"(\.\/[^"]+\.js)"/g;
  for (const m of text.matchAll(pattern)) reachable(join(dirname(file), m[1] ?? ''), lazy, seen);
  return seen;
};
const containsKubeClient = (file: string) => /node_modules\/@kubernetes\/client-node\//.test(readFileSync(file, 'utf8'));

test('ingest can never load the Kubernetes client (cold start); analyze loads it only lazily', (t) => {
  t.false([...reachable(join(dist, 'ingest.js'), true)].some(containsKubeClient));
  t.false([...reachable(join(dist, 'analyze.js'), false)].some(containsKubeClient), 'not loaded at start');
  t.true([...reachable(join(dist, 'analyze.js'), true)].some(containsKubeClient), 'loaded on the first Kubernetes call');
});

// Both ways a function can be served from the bundle: our entry, and faas-js-runtime's own CLI loading the module
// shape (init/handle/…) that each functions/<name>/index.ts exports. Neither lets a request through without the token.
const servings: readonly { name: string; args: (port: number) => string[] }[] = [
  { name: 'node dist/index.js', args: () => [entry] },
  {
    name: 'faas-js-runtime dist/ingest.js',
    args: (port) => [join(dist, '..', 'node_modules', 'faas-js-runtime', 'bin', 'cli.js'), join(dist, 'ingest.js'), '--port', String(port)],
  },
];
for (const serving of servings) {
  test(`served as ${serving.name}, ingest answers 401 to every request target without the token and publishes nothing`, async (t) => {
    const broker = await startRecordingBroker();
    t.teardown(() => broker.close());
    const port = await freePort();
    const env = {
      FUNCTION: 'ingest',
      PORT: String(port),
      BROKER_URL: broker.url,
      WEBHOOK_AUTH_TOKEN: 'serving-token',
      LOG_LEVEL: 'error',
      FUNC_LOG_LEVEL: 'fatal',
    };
    const { child } = await spawnUntilReady(serving.args(port), env, `http://127.0.0.1:${port}/health/readiness`);
    t.teardown(() => stop(child));
    const body = capture('0001').body;
    for (const target of ODD_TARGETS) {
      const r = await rawRequest(port, target, { headers: { 'content-type': 'application/json' }, body });
      // faas-js-runtime's router answers 404 itself to targets it has no route for: they reach no handler either.
      t.true(r.status === 401 || (serving.name.startsWith('faas') && r.status === 404), `${target}: ${r.status}`);
    }
    t.is(broker.received.length, 0);
    const ok = await rawRequest(port, '/', {
      headers: { 'content-type': 'application/json', authorization: 'Bearer serving-token' },
      body,
    });
    t.is(ok.status, 202);
    t.is(broker.received.length, 1);
  });
}

// SIGTERM, as Kubernetes sends it when a pod goes away (scale to zero, a rollout).
const startIngest = async (broker: { url: string }, extra: Record<string, string> = {}) => {
  const port = await freePort();
  const env = {
    FUNCTION: 'ingest',
    PORT: String(port),
    BROKER_URL: broker.url,
    WEBHOOK_AUTH_TOKEN: 'stop-token',
    LOG_LEVEL: 'error',
    ...extra,
  };
  const { child } = await spawnUntilReady([entry], env, `http://127.0.0.1:${port}/health/readiness`);
  const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  const post = () =>
    rawRequest(port, '/', {
      headers: { 'content-type': 'application/json', authorization: 'Bearer stop-token' },
      body: capture('0001').body,
    }).then(
      (r) => r.status,
      () => 0,
    );
  return { child, port, exited, post };
};

test('on SIGTERM ingest stops taking webhooks, finishes the one in flight, then exits', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  broker.respond(() => ({ status: 202, delayMs: 1500 }));
  const ingest = await startIngest(broker);
  t.teardown(() => ingest.child.kill('SIGKILL'));
  const inFlight = ingest.post();
  await new Promise((r) => setTimeout(r, 300));
  const signalled = performance.now();
  ingest.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  // A new webhook is refused (the listener is closed) rather than accepted and then lost.
  t.not(await ingest.post(), 202);
  t.is(await inFlight, 202);
  t.is(broker.received.length, 1);
  t.true((await ingest.exited) - signalled < 10_000);
});

test('on SIGTERM with work that never finishes, ingest exits once SHUTDOWN_TIMEOUT has passed', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  broker.respond(() => ({ status: 202, delayMs: 60_000 }));
  const ingest = await startIngest(broker, { SHUTDOWN_TIMEOUT: '1s', BROKER_TIMEOUT: '50s' });
  t.teardown(() => ingest.child.kill('SIGKILL'));
  void ingest.post();
  await new Promise((r) => setTimeout(r, 300));
  const signalled = performance.now();
  ingest.child.kill('SIGTERM');
  const took = (await ingest.exited) - signalled;
  t.true(took >= 900 && took < 8000, `exited ${Math.round(took)} ms after SIGTERM`);
});
