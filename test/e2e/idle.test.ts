import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../functions/analyze/index.ts';
import { assess } from '../../functions/assess/index.ts';
import { deadLetter } from '../../functions/dead-letter/index.ts';
import { execute } from '../../functions/execute/index.ts';
import { ingest } from '../../functions/ingest/index.ts';
import { runLocal, type LocalRun } from '../../lib/cli/local-runner.ts';
import type { Timers } from '../../lib/cli/local-ticks.ts';
import { loadConfig } from '../../lib/config/load-config.ts';
import { createRuntime } from '../../lib/runtime/create-runtime.ts';
import { silentLogger } from '../../lib/runtime/logger.ts';
import type { Runtime } from '../../lib/runtime/function-spec.ts';
import { capture } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../support/test-database.ts';

// "An idle cluster costs zero invocations": the tick runs only while an assessment is pending. Its timers are the
// test's, so an hour of a minute-tick plays in a moment.
const TOKEN = 'idle-token';
const intervals = new Set<() => void>();
const timers: Timers = {
  setInterval: (fn) => {
    intervals.add(fn);
    return fn;
  },
  clearInterval: (fn) => void intervals.delete(fn as () => void),
};
const playMinutes = async (run: LocalRun, n: number) => {
  for (let i = 0; i < n; i++) {
    for (const fn of [...intervals]) fn();
    await run.broker.idle();
  }
};

let db: TestDatabase;
let run: LocalRun;
let runtime: Runtime;
test.before(async () => {
  db = await testDatabase(defaultTestDriver());
  const config = loadConfig({
    WEBHOOK_AUTH_TOKEN: TOKEN,
    WEBHOOK_PORT: String(await freePort()),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'idle-')),
    SLM_PROVIDER: 'none',
    // Judged as soon as it may be: due at once, given up on after a second.
    ASSESS_STABILIZATION_WINDOW: '0',
    ASSESS_VALIDITY_WINDOW: '1s',
  });
  runtime = { ...createRuntime(config), database: { ...db.driver, close: async () => {} }, logger: silentLogger() };
  run = await runLocal({
    functions: { ingest, analyze, execute, assess, deadLetter },
    runtime,
    manifestsDir: join(import.meta.dirname, '..', '..', 'knative'),
    timers,
  });
});
test.after.always(async () => {
  await run?.close();
  await db?.drop();
});

const rows = async () => {
  const { rows } = await db.driver.query<{ n: string }>(
    'SELECT (SELECT count(*) FROM processed_events) + (SELECT count(*) FROM event_log) AS n',
  );
  return Number(rows[0]?.n);
};
const assessInvocations = async () => {
  const text = await runtime.registry.metrics();
  return [...text.matchAll(/function_invocations_total\{function="assess",status="\d+"\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
};

test.serial('an idle hour costs nothing: no tick runs, assess is never invoked, no row is written', async (t) => {
  const before = { rows: await rows(), assess: await assessInvocations() };
  await playMinutes(run, 60);
  t.false(run.ticking());
  t.is(intervals.size, 0);
  t.is(await assessInvocations(), before.assess);
  t.is(await rows(), before.rows);
});

test.serial('a changing action starts the tick; once it is judged the tick stops, and the next idle hour costs nothing', async (t) => {
  const body = capture('0001').body.replace(/KubePodNotReady/g, 'KubeContainerOOMKilled');
  const r = await fetch(run.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body,
  });
  t.is(r.status, 202);
  await run.broker.idle();
  t.true(run.ticking(), 'an assessment is pending: the tick runs');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await playMinutes(run, 2);
  t.false(run.ticking(), 'judged: the tick stopped');
  const { rows: judged } = await db.driver.query<{ n: string }>('SELECT count(*) AS n FROM assessments WHERE assessed_at IS NOT NULL');
  t.true(Number(judged[0]?.n) >= 1);
  const before = { rows: await rows(), assess: await assessInvocations() };
  await playMinutes(run, 60);
  t.is(await assessInvocations(), before.assess);
  t.is(await rows(), before.rows);
});
