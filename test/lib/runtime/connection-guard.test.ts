import test from 'ava';
import { connect, type Socket } from 'node:net';
import { ingest } from '../../../functions/ingest/index.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { serve, type Served } from '../../../lib/runtime/serve.ts';
import { capture } from '../../support/fixtures.ts';
import { freePort } from '../../support/free-port.ts';
import { rawRequest } from '../../support/raw-http.ts';
import { startRecordingBroker, type RecordingBroker } from '../../support/recording-broker.ts';

// ingest as served in a pod, with tight limits so that the attack fits in a test.
const TOKEN = 'guard-token';
let broker: RecordingBroker;
let served: Served;
test.before(async () => {
  broker = await startRecordingBroker();
  const env = {
    WEBHOOK_AUTH_TOKEN: TOKEN,
    BROKER_URL: broker.url,
    LOG_LEVEL: 'error',
    WEBHOOK_HEADER_TIMEOUT: '400ms',
    WEBHOOK_BODY_TIMEOUT: '400ms',
    WEBHOOK_MAX_CONNECTIONS: '40',
  };
  served = await serve(ingest, createRuntime(loadConfig(env)), { port: await freePort() });
});
test.after.always(async () => {
  served?.server.closeAllConnections();
  await new Promise((resolve) => served?.server.close(resolve));
  await broker?.close();
});

const webhook = () =>
  rawRequest(served.port, '/', {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: capture('0001').body,
  });

const stalled = (headers: string): Promise<{ socket: Socket; closed: Promise<number> }> =>
  new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(served.port, '127.0.0.1', () => {
      socket.write(headers);
      resolve({ socket, closed: new Promise((done) => socket.on('close', () => done(performance.now() - started))) });
    });
    socket.on('error', () => {});
  });

test.serial(
  'connections that never finish their headers are closed, never more than the limit are open, and webhooks still get through',
  async (t) => {
    const attack = await Promise.all(Array.from({ length: 120 }, () => stalled('POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ')));
    const open = await new Promise<number>((resolve) => served.server.getConnections((_, n) => resolve(n)));
    t.true(open <= 40, `${open} connections open`);
    const lifetimes = await Promise.all(attack.map((a) => a.closed));
    // Each was closed by the server soon after the header deadline (refused ones at once).
    t.true(Math.max(...lifetimes) < 5000, `longest stalled connection lived ${Math.round(Math.max(...lifetimes))} ms`);
    t.is((await webhook()).status, 202);
  },
);

test.serial('a body that stops arriving is a 408 after the body timeout, and the connection is closed', async (t) => {
  const { socket, closed } = await stalled(
    `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 100\r\n\r\n{"version":`,
  );
  const answer = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
  t.regex(answer, /^HTTP\/1\.1 408 /);
  t.regex(answer, /body not received within 400 ms/);
  t.true((await closed) < 5000);
});
