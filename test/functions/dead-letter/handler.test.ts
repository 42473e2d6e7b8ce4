import test, { type ExecutionContext } from 'ava';
import { createHttpBroker } from '../../../lib/broker/http-broker.ts';
import { TransientError } from '../../../lib/errors/errors.ts';
import { createPgDriver } from '../../../lib/store/pg-driver.ts';
import { startRecordingBroker } from '../../support/recording-broker.ts';
import { Registry } from 'prom-client';
import { makeHandler } from '../../../functions/dead-letter/handler.ts';
import { deadLetterMetrics } from '../../../functions/dead-letter/metrics.ts';
import { deadLettersCommand } from '../../../lib/cli/dead-letters-command.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { createDriver } from '../../../lib/store/create-driver.ts';
import { migrate } from '../../../lib/store/migrate.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_URL, defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

const log = silentLogger();
const dead = {
  specversion: '1.0' as const,
  id: 'e1',
  source: '/alerts-slm/analyze',
  type: 'dev.alerts-slm.action.recommended.v1',
  data: { a: 1 },
  knativeerrordest: 'http://execute',
  knativeerrorcode: '500',
  knativeerrordata: 'Ym9vbQ==',
};

// One database for the file: concurrent PGlite start-ups can crash V8 (nodejs/node#64500).
let db: TestDatabase;
test.before(async () => {
  db = await testDatabase(defaultTestDriver());
});
test.after.always(() => db?.drop());

const metrics = () => deadLetterMetrics(new Registry());

test.serial('a dead letter is kept once, counted once, answered with nothing, and comes back out replayable', async (t) => {
  const store = createStore(db.driver);
  const registry = new Registry();
  const handle = makeHandler({ store, broker: null, maxRedrives: 3, metrics: deadLetterMetrics(registry) });
  t.is(await handle(dead, { log }), undefined);
  await handle(dead, { log });
  const kept = (await store.deadLetters.list()).filter((d) => d.event.id === 'e1');
  t.is(kept.length, 1);
  t.regex(await registry.metrics(), /^dead_letters_total\{type="dev\.alerts-slm\.action\.recommended\.v1"\} 1$/m);
  t.like(kept[0]?.event, { id: 'e1', knativeerrorcode: '500' });
  const { rows } = await db.driver.query<{ destination: string; error_code: string }>(
    `SELECT destination, error_code FROM dead_letters WHERE event_id = 'e1'`,
  );
  t.deepEqual(rows[0], { destination: 'http://execute', error_code: '500' });
});

test.serial('a request that is not a CloudEvent is refused (400), not kept', async (t) => {
  const store = createStore(db.driver);
  const before = (await store.deadLetters.list()).length;
  await t.throwsAsync(makeHandler({ store, broker: null, maxRedrives: 3, metrics: metrics() })({ nope: true } as never, { log }), {
    message: /invalid CloudEvent/,
  });
  t.is((await store.deadLetters.list()).length, before);
});

test.serial('a dead letter of a type outside the pipeline is counted as other: whoever sends them cannot grow the label', async (t) => {
  const registry = new Registry();
  const handle = makeHandler({ store: createStore(db.driver), broker: null, maxRedrives: 3, metrics: deadLetterMetrics(registry) });
  await handle({ ...dead, id: 'e-odd', type: 'com.example.anything.you.like' }, { log });
  const text = await registry.metrics();
  t.regex(text, /^dead_letters_total\{type="other"\} 1$/m);
  t.false(text.includes('com.example'));
});

test.serial('the dead-letters command prints what was kept as JSON lines, without the error extensions', async (t) => {
  // The command opens the configured database: the test server's (a schema of its own) or an embedded one.
  const own = TEST_DATABASE_URL ? await testDatabase('pg') : null;
  t.teardown(() => own?.drop());
  const env: Record<string, string> = own?.url ? { DATABASE_URL: own.url } : { DATA_DIR: mkdtempSync(join(tmpdir(), 'dead-letters-')) };
  const driver = own ? own.driver : await createDriver(loadConfig(env).database);
  await migrate(driver);
  await createStore(driver).deadLetters.keep(dead);
  if (!own) await driver.close();
  const lines: string[] = [];
  t.is(await deadLettersCommand.run([], { out: (l) => lines.push(l), err: () => {}, env }), 0);
  t.deepEqual(
    lines.map((l) => JSON.parse(l)),
    [{ specversion: '1.0', id: 'e1', source: '/alerts-slm/analyze', type: 'dev.alerts-slm.action.recommended.v1', data: { a: 1 } }],
  );
});

// The broker the sink re-drives through: a real HTTP ingress stand-in.
const withBroker = async (t: ExecutionContext) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  return { recorded: broker, broker: createHttpBroker({ url: broker.url, timeoutMs: 1000, concurrency: 1 }) };
};
const letter = (id: string, code: string, redrives?: string) => ({
  ...dead,
  id,
  knativeerrorcode: code,
  ...(redrives ? { alertsslmredrives: redrives } : {}),
});

test.serial('a dead letter whose failure may pass is kept and sent back through the broker as first published, counted', async (t) => {
  const store = createStore(db.driver);
  const { recorded, broker } = await withBroker(t);
  await makeHandler({ store, broker, maxRedrives: 3, metrics: metrics() })(letter('r1', '503'), { log });
  t.is(recorded.received.length, 1);
  const sent = recorded.received[0]?.event ?? {};
  t.like(sent, {
    specversion: '1.0',
    id: 'r1',
    source: '/alerts-slm/analyze',
    type: 'dev.alerts-slm.action.recommended.v1',
    data: { a: 1 },
    alertsslmredrives: '1',
  });
  t.false(Object.keys(sent).some((k) => k.startsWith('knativeerror')));
  t.like(
    (await store.deadLetters.list()).find((d) => d.event.id === 'r1'),
    { redrives: 1 },
  );
});

test.serial('a refused event, or one re-driven to the limit, is kept for a person and not sent back', async (t) => {
  const store = createStore(db.driver);
  const { recorded, broker } = await withBroker(t);
  const handle = makeHandler({ store, broker, maxRedrives: 3, metrics: metrics() });
  await handle(letter('k1', '403'), { log });
  await handle(letter('k2', '500', '3'), { log });
  t.is(recorded.received.length, 0);
  t.truthy((await store.deadLetters.list()).find((d) => d.event.id === 'k1'));
});

test.serial('when the store is down too, the dead letter is re-driven all the same; when it cannot be, the answer is 503', async (t) => {
  const down = createStore(createPgDriver({ url: 'postgres://postgres@127.0.0.1:9/test' }));
  const { recorded, broker } = await withBroker(t);
  t.is(await makeHandler({ store: down, broker, maxRedrives: 3, metrics: metrics() })(letter('d1', '503'), { log }), undefined);
  t.is(recorded.received[0]?.event.id, 'd1');
  await t.throwsAsync(makeHandler({ store: down, broker, maxRedrives: 3, metrics: metrics() })(letter('d2', '400'), { log }), {
    instanceOf: TransientError,
    message: /the store is unavailable and it cannot be re-driven/,
  });
  const nowhere = createHttpBroker({ url: 'http://127.0.0.1:9/', timeoutMs: 500, concurrency: 1 });
  await t.throwsAsync(makeHandler({ store: down, broker: nowhere, maxRedrives: 3, metrics: metrics() })(letter('d3', '503'), { log }), {
    instanceOf: TransientError,
  });
});
