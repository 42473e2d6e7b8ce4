import test from 'ava';
import { makeHandler } from '../../../functions/dead-letter/handler.ts';
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
const dead = { specversion: '1.0' as const, id: 'e1', source: '/alerts-slm/analyze', type: 'dev.alerts-slm.action.recommended.v1', data: { a: 1 }, knativeerrordest: 'http://execute', knativeerrorcode: '500', knativeerrordata: 'Ym9vbQ==' };

// One database for the file: concurrent PGlite start-ups can crash V8 (nodejs/node#64500).
let db: TestDatabase;
test.before(async () => {
  db = await testDatabase(defaultTestDriver());
});
test.after.always(() => db?.drop());

test('a dead letter is kept once, answered with nothing, and comes back out replayable', async (t) => {
  const store = createStore(db.driver);
  const handle = makeHandler({ store });
  t.is(await handle(dead, { log }), undefined);
  await handle(dead, { log });
  const kept = await store.deadLetters();
  t.is(kept.length, 1);
  t.like(kept[0]?.event, { id: 'e1', knativeerrorcode: '500' });
  const { rows } = await db.driver.query<{ destination: string; error_code: string }>('SELECT destination, error_code FROM dead_letters');
  t.deepEqual(rows[0], { destination: 'http://execute', error_code: '500' });
});

test('a request that is not a CloudEvent is refused (400), not kept', async (t) => {
  const store = createStore(db.driver);
  const before = (await store.deadLetters()).length;
  await t.throwsAsync(makeHandler({ store })({ nope: true } as never, { log }), { message: /invalid CloudEvent/ });
  t.is((await store.deadLetters()).length, before);
});

test('the dead-letters command prints what was kept as JSON lines, without the error extensions', async (t) => {
  // The command opens the configured database: the test server's (a schema of its own) or an embedded one.
  const own = TEST_DATABASE_URL ? await testDatabase('pg') : null;
  t.teardown(() => own?.drop());
  const env: Record<string, string> = own?.url ? { DATABASE_URL: own.url } : { DATA_DIR: mkdtempSync(join(tmpdir(), 'dead-letters-')) };
  const driver = own ? own.driver : await createDriver(loadConfig(env).database);
  await migrate(driver);
  await createStore(driver).keepDeadLetter(dead);
  if (!own) await driver.close();
  const lines: string[] = [];
  t.is(await deadLettersCommand.run([], { out: (l) => lines.push(l), err: () => {}, env }), 0);
  t.deepEqual(lines.map((l) => JSON.parse(l)), [{ specversion: '1.0', id: 'e1', source: '/alerts-slm/analyze', type: 'dev.alerts-slm.action.recommended.v1', data: { a: 1 } }]);
});
