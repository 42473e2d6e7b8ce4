import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../lib/store/create-store.ts';
import { freePort } from '../support/free-port.ts';
import { CLI } from '../support/local-run.ts';
import { pendingAction } from '../support/pending-action.ts';
import { startRecordingBroker } from '../support/recording-broker.ts';
import { TEST_DATABASE_URL, testDatabase } from '../support/test-database.ts';

// knative/README.md, "Approving on a cluster", step by step as a person runs it: the CLI as a process, a Postgres
// server named by DATABASE_URL, the broker ingress (a port-forward) at BROKER_URL, the CLI's token in BROKER_TOKEN_FILE.
const SECTION =
  readFileSync(join(import.meta.dirname, '..', '..', 'knative', 'README.md'), 'utf8')
    .split('### Approving on a cluster')[1]
    ?.split('\n### ')[0] ?? '';
test('the section documents the steps this file runs', (t) => {
  for (const step of [
    'alerts-slm pending',
    'alerts-slm approve <action-id> --by alice',
    'DATABASE_URL',
    'BROKER_URL=',
    'BROKER_TOKEN_FILE=',
    'run it again',
  ])
    t.true(SECTION.includes(step), step);
});

const cli = (args: string[], env: Record<string, string>) =>
  new Promise<{ status: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c;
    });
    child.on('close', (status) => resolve({ status, out, err }));
  });

(TEST_DATABASE_URL ? test.serial : test.serial.skip)(
  'the documented approval on a cluster: pending shows it, approve records who and wakes execute through the broker with the CLI’s token',
  async (t) => {
    t.timeout(120_000);
    const db = await testDatabase('pg');
    t.teardown(() => db.drop());
    const store = createStore(db.driver);
    const broker = await startRecordingBroker();
    t.teardown(() => broker.close());
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'cli-token-')), 'token');
    writeFileSync(tokenFile, 'cli-identity-token\n');
    const { action } = await pendingAction(store, db.driver, 1);
    const env = { DATABASE_URL: db.url ?? '', BROKER_URL: broker.url, BROKER_TOKEN_FILE: tokenFile };

    const pending = await cli(['pending'], env);
    t.is(pending.status, 0, pending.err);
    t.regex(pending.out, new RegExp(`${action.id}  rollback_deployment on shop/Deployment/web-1 for PendingAlert`));
    t.regex(pending.out, /why it waits \(risk\): high risk needs approval/);

    const approve = await cli(['approve', action.id, '--by', 'alice'], env);
    t.is(approve.status, 0, approve.err);
    t.regex(approve.out, /recorded as approved by alice at /);
    t.like(await store.actions.get(action.id), { status: 'approved', decidedBy: 'alice' });
    t.is(broker.received.length, 1);
    t.is(broker.received[0]?.event.type, 'dev.alerts-slm.action.approved.v1');
    t.deepEqual(broker.received[0]?.event.data, { actionId: action.id, approvedBy: 'alice' });
    t.is(broker.received[0]?.headers.authorization, `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`);
  },
);

(TEST_DATABASE_URL ? test.serial : test.serial.skip)(
  'with the broker out of reach the approval stays recorded, approve says to run it again, and running it again wakes execute',
  async (t) => {
    t.timeout(120_000);
    const db = await testDatabase('pg');
    t.teardown(() => db.drop());
    const store = createStore(db.driver);
    const { action } = await pendingAction(store, db.driver, 2);
    const down = await cli(['approve', action.id, '--by', 'bob'], {
      DATABASE_URL: db.url ?? '',
      BROKER_URL: `http://127.0.0.1:${await freePort()}/`,
    });
    t.is(down.status, 1);
    t.regex(down.err, /the approval stays recorded: run approve again/);
    t.like(await store.actions.get(action.id), { status: 'approved', decidedBy: 'bob' });
    const broker = await startRecordingBroker();
    t.teardown(() => broker.close());
    const again = await cli(['approve', action.id, '--by', 'carol'], { DATABASE_URL: db.url ?? '', BROKER_URL: broker.url });
    t.is(again.status, 0, again.err);
    t.deepEqual(broker.received[0]?.event.data, { actionId: action.id, approvedBy: 'bob' });
    t.is((await store.actions.get(action.id))?.decidedBy, 'bob', 'the first decision stands');
  },
);
