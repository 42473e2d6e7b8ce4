import test from 'ava';
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { Registry } from 'prom-client';
import { makeHandler } from '../../../functions/analyze/handler.ts';
import { analyzeMetrics } from '../../../functions/analyze/metrics.ts';
import { ingest } from '../../../functions/ingest/index.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { AlertFiring, AlertResolved } from '../../../lib/events/alert-events.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { noClusterReads } from '../../../lib/kube/no-cluster.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { serve, type Served } from '../../../lib/runtime/serve.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { captures } from '../../support/fixtures.ts';
import { freePort } from '../../support/free-port.ts';
import { startRecordingBroker, type RecordingBroker } from '../../support/recording-broker.ts';
import { defaultTestDriver, testDatabase } from '../../support/test-database.ts';

// At least 10,000 webhooks made from the real captures, damaged the ways a sender (or an attacker who controls
// labels) can: poison text, impossible times, wrong types, invalid UTF-8 bytes. ingest must never answer 5xx, every
// 4xx must be a JSON error naming the problem, and whatever it accepts must be storable downstream.
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const TOKEN = 'fuzz-token';
let broker: RecordingBroker;
let served: Served;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
test.before(async () => {
  broker = await startRecordingBroker();
  const config = loadConfig({
    WEBHOOK_AUTH_TOKEN: TOKEN,
    BROKER_URL: broker.url,
    LOG_LEVEL: 'error',
    WEBHOOK_MAX_BODY_BYTES: String(4 * 1024 * 1024),
  });
  served = await serve(ingest, createRuntime(config), { port: await freePort() });
});
test.after.always(async () => {
  agent.destroy();
  served?.server.closeAllConnections();
  await new Promise((resolve) => served?.server.close(resolve));
  await broker?.close();
});

const post = (body: Buffer): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        port: served.port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });

// ---- generators, all starting from the real captures -------------------------------------------------------------
type Json = Record<string | number, unknown>;
const bases = captures().map((c) => JSON.parse(c.body) as Json);
const pathsOf = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
  typeof value === 'object' && value !== null
    ? [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k]))]
    : [prefix];
const setAt = (root: Json, path: readonly (string | number)[], value: unknown): Json => {
  if (path.length === 0) return value as Json;
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path.at(-1) as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return root;
};

const poisonText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.constantFrom(
    '🔥🔥',
    '日本語のアラート',
    'a\u0000b',
    '\u0000',
    '\ud800',
    '\udfff lone',
    'x\r\nInjected: header',
    '"quoted"',
    '%41%zz%',
    ' ',
    'é',
  ),
  fc.integer({ min: 16_000, max: 40_000 }).map((n) => 'A'.repeat(n)),
  fc.integer({ min: 5_000, max: 9_000 }).map((n) => '日'.repeat(n)),
);
const oddTime = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0000-01-01T00:00:00+01:00',
    '0000-12-31T23:59:59-14:00',
    '0001-01-01T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999999999Z',
    '9999-12-31T23:00:00-14:00',
    '2026-02-30T00:00:00Z',
    '2026-11-27T00:53:41.610612345+05:45',
    'not a time',
    '',
  ),
  fc.date({ min: new Date(-62_198_755_200_000), max: new Date(253_402_300_799_000), noInvalidDate: true }).map((d) => d.toISOString()),
);
const mutate = (base: Json) => {
  const paths = pathsOf(base);
  const strings = paths.filter((p) => typeof p.reduce<unknown>((n, k) => (n as Json)?.[k], base) === 'string');
  const times = paths.filter((p) => p.at(-1) === 'startsAt' || p.at(-1) === 'endsAt');
  const alertCount = (base.alerts as unknown[]).length;
  return fc.oneof(
    fc
      .record({ at: fc.constantFrom(...paths), value: fc.oneof(fc.jsonValue(), fc.constant(undefined)) })
      .map(({ at, value }) => setAt(structuredClone(base), at, value)),
    fc.record({ at: fc.constantFrom(...strings), value: poisonText }).map(({ at, value }) => setAt(structuredClone(base), at, value)),
    fc.record({ at: fc.constantFrom(...times), value: oddTime }).map(({ at, value }) => setAt(structuredClone(base), at, value)),
    fc
      .record({ i: fc.nat({ max: alertCount - 1 }), key: poisonText, value: poisonText })
      .map(({ i, key, value }) => setAt(structuredClone(base), ['alerts', i, 'labels', key], value)),
    fc
      .integer({ min: 2, max: 150 })
      .map((n) => ({ ...base, alerts: Array.from({ length: n }, (_, k) => (base.alerts as unknown[])[k % alertCount]) })),
  );
};
const damaged = fc
  .constantFrom(...bases)
  .chain((b) => fc.tuple(mutate(b), fc.nat({ max: 3 })).map(([j]) => Buffer.from(JSON.stringify(j) ?? 'null')));
// Bytes that are not UTF-8, spliced into the serialised body at a random place.
const invalidUtf8 = fc
  .tuple(
    fc.constantFrom(...bases),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]),
  )
  .map(([b, where, bytes]) => {
    const text = Buffer.from(JSON.stringify(b));
    const at = Math.floor(where * text.length);
    return Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at)]);
  });
const anything = fc.oneof(
  fc.json().map((j) => Buffer.from(j)),
  fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
);
const bodies = fc.oneof({ weight: 8, arbitrary: damaged }, { weight: 1, arbitrary: invalidUtf8 }, { weight: 1, arbitrary: anything });

// ---- the property --------------------------------------------------------------------------------------------------
const NAMES_THE_PROBLEM = /^(invalid webhook body: (\S+: )?.+|body is not valid JSON: .+|body must be a JSON object)$/;
const accepted: CloudEventEnvelope[] = [];
const tally = { cases: 0, accepted: 0, refused: 0, events: 0 };

test.serial(
  `${RUNS} fuzzed webhooks from the real captures: never a 5xx, every 4xx a JSON error naming the problem, every accepted alert a valid event`,
  async (t) => {
    t.timeout(600_000);
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        broker.received.length = 0;
        const { status, text } = await post(body);
        tally.cases++;
        if (status >= 500) throw new Error(`${status}: ${text}`);
        const json = JSON.parse(text) as { message?: unknown; error?: unknown; published?: number };
        if (status !== 202) {
          tally.refused++;
          if (typeof json.error !== 'string' || typeof json.message !== 'string' || !NAMES_THE_PROBLEM.test(json.message))
            throw new Error(`${status} without a named problem: ${text}`);
          return;
        }
        tally.accepted++;
        if (broker.received.length !== json.published)
          throw new Error(`published ${json.published}, the broker received ${broker.received.length}`);
        for (const { event } of broker.received) {
          (AlertFiring.is(event) ? AlertFiring : AlertResolved).parse(event);
          tally.events++;
          // Kept for the storage check: every event whose alert text or times are unusual, and a share of the rest.
          if (accepted.length < 400 && (/[^\x20-\x7e]/.test(JSON.stringify(event.data)) || tally.events % 50 === 0)) accepted.push(event);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    t.log(`${tally.cases} cases: ${tally.accepted} accepted (${tally.events} events), ${tally.refused} refused with a named problem`);
    t.true(tally.cases >= RUNS);
    t.true(tally.accepted > RUNS / 10 && tally.refused > RUNS / 10, 'both outcomes are exercised');
  },
);

test.serial('what ingest accepted can be analysed and stored: analyze takes every kept event without a failure', async (t) => {
  t.timeout(300_000);
  t.true(accepted.length > 50, `${accepted.length} events kept`);
  const db = await testDatabase(defaultTestDriver());
  t.teardown(() => db.drop());
  const store = createStore(db.driver);
  const handle = makeHandler({
    store,
    cluster: noClusterReads(),
    llm: null,
    dedupWindowMs: 30 * 60_000,
    declinedHoldMs: 4 * 3_600_000,
    oscillation: { windowMs: 6 * 3_600_000, approvalAt: 2, blockAt: 4 },
    cacheTtlMs: 60_000,
    claimLeaseMs: 60_000,
    metrics: analyzeMetrics(new Registry()),
    now: () => new Date(),
  });
  for (const event of accepted.filter((e) => AlertFiring.is(e))) await handle(event, { log: silentLogger() });
  for (const event of accepted.filter((e) => AlertResolved.is(e)))
    await store.recordOnce('assess', event, async (tx) => {
      await tx.alerts.upsert(AlertResolved.parse(event).data);
    });
  const { rows } = await db.driver.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
  t.true(Number(rows[0]?.n) > 0);
});
