import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../../functions/ingest/index.ts';
import { runLocal, type LocalRun } from '../../../lib/cli/local-runner.ts';
import { replayCommand } from '../../../lib/cli/replay-command.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { historyCommand } from '../../../lib/cli/history-command.ts';
import { pendingCommand } from '../../../lib/cli/approval-commands.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import { AlertFiring, AlertResolved } from '../../../lib/events/alert-events.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { defineFunction, type Runtime } from '../../../lib/runtime/function-spec.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { ActionApproved } from '../../../lib/events/action-approved.ts';
import { ALERTMANAGER_FIXTURES } from '../../support/fixtures.ts';
import { freePort } from '../../support/free-port.ts';

// Stand-ins named like the real functions record what the broker routed to them, so this tests the routing
// by the real knative/ manifests, independent of what each function does.
const seen: Record<string, CloudEventEnvelope[]> = { analyze: [], execute: [], assess: [] };
const recorder = (name: 'analyze' | 'execute' | 'assess', reply?: (e: CloudEventEnvelope) => CloudEventEnvelope | undefined) =>
  defineFunction({
    name,
    create: () => ({
      kind: 'event',
      handle: async (e) => {
        seen[name]?.push(e);
        return reply?.(e);
      },
    }),
  });
const recommendation = (e: CloudEventEnvelope): CloudEventEnvelope => ({
  specversion: '1.0',
  id: `rec-${e.id}`,
  source: '/alerts-slm/analyze',
  type: ActionRecommended.type,
  data: {},
});

const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-'));
let run: LocalRun;
let runtime: Runtime;
const start = async () => {
  const config = loadConfig({ WEBHOOK_PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: 'error' });
  runtime = createRuntime(config);
  return runLocal({
    functions: { ingest, analyze: recorder('analyze', recommendation), execute: recorder('execute'), assess: recorder('assess') },
    runtime,
    manifestsDir: join(import.meta.dirname, '..', '..', '..', 'knative'),
    runCommand: { run: (args, io) => runCli(args, [historyCommand, pendingCommand], io), allowed: ['history', 'pending'] },
  });
};
test.before(async () => {
  run = await start();
});
test.after.always(() => run?.close());

test.serial('replaying the real captures: firing alerts reach analyze, resolved ones assess, replies reach execute', async (t) => {
  const lines: string[] = [];
  const code = await replayCommand.run([ALERTMANAGER_FIXTURES, '--to', run.webhookUrl, '--token-file', join(dataDir, 'webhook-token')], {
    out: (l) => lines.push(l),
    err: () => {},
    env: {},
  });
  t.is(code, 0, lines.join('\n'));
  t.is(lines.at(-1), '4 sent, 4 accepted, 0 failed');
  t.true(lines.slice(0, 4).every((l) => l.startsWith('202 webhook ')));
  await run.broker.idle();
  t.true(seen.analyze!.length >= 5);
  t.true(seen.analyze!.every((e) => AlertFiring.is(e)));
  t.true(seen.assess!.every((e) => AlertResolved.is(e)));
  t.is(seen.assess!.length, 2);
  t.deepEqual(seen.execute!.map((e) => e.id).sort(), seen.analyze!.map((e) => `rec-${e.id}`).sort());
});

test.serial('the generated webhook token is kept under the data directory and enforced', async (t) => {
  t.regex(readFileSync(join(dataDir, 'webhook-token'), 'utf8'), /^[A-Za-z0-9_-]{32}\n$/);
  const r = await fetch(run.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.is(r.status, 401);
});

test.serial('the tick reaches assess through the PingSource Trigger', async (t) => {
  const before = seen.assess!.length;
  run.tick();
  await run.broker.idle();
  const tick = seen.assess!.at(-1);
  t.is(seen.assess!.length, before + 1);
  t.is(tick?.type, 'dev.knative.sources.ping');
  t.is(tick?.alertsslm, 'assess-tick');
});

test.serial('the broker ingress takes CloudEvents replayed as JSON lines', async (t) => {
  const before = seen.execute!.length;
  const file = join(dataDir, 'events.jsonl');
  const event = { specversion: '1.0', id: 'manual-1', source: '/replay', type: ActionRecommended.type, data: {} };
  writeFileSync(file, JSON.stringify(event) + '\n' + JSON.stringify({ ...event, id: 'manual-2' }) + '\n');
  const lines: string[] = [];
  t.is(await replayCommand.run([file, '--to', run.brokerUrl], { out: (l) => lines.push(l), err: () => {}, env: {} }), 0);
  await run.broker.idle();
  t.deepEqual(
    seen.execute!.slice(before).map((e) => e.id),
    ['manual-1', 'manual-2'],
  );
});

const exec = promisify(execFile);

test.serial('while it holds the embedded database, other processes’ commands run inside it', async (t) => {
  const lock = JSON.parse(readFileSync(join(dataDir, 'runner.lock'), 'utf8')) as { pid: number; adminUrl: string };
  t.is(lock.pid, process.pid);
  t.regex(lock.adminUrl, /^http:\/\/127\.0\.0\.1:\d+\/admin\/run$/);
  const cli = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli.js');
  t.true(existsSync(cli), 'dist/cli.js is missing: run `make build`');
  // Asynchronously: the runner answering the forwarded command lives in this very process.
  const history = await exec(process.execPath, [cli, 'history', '--json'], { env: { ...process.env, DATA_DIR: dataDir } });
  t.deepEqual(JSON.parse(history.stdout), []);
  const pending = await exec(process.execPath, [cli, 'pending'], { env: { ...process.env, DATA_DIR: dataDir } });
  t.is(pending.stdout.trim(), 'nothing is waiting for approval');
});

test.serial('a forwarded command needs the admin token: the webhook token does not open it', async (t) => {
  const lock = JSON.parse(readFileSync(join(dataDir, 'runner.lock'), 'utf8')) as { adminUrl: string };
  const post = (authorization?: string) =>
    fetch(lock.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ args: ['history'] }),
    });
  t.is((await post()).status, 401);
  t.is((await post(`Bearer ${readFileSync(join(dataDir, 'webhook-token'), 'utf8').trim()}`)).status, 401);
  t.is((await post(`Bearer ${readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()}`)).status, 200);
  t.not(readFileSync(join(dataDir, 'admin-token'), 'utf8'), readFileSync(join(dataDir, 'webhook-token'), 'utf8'));
});

test.serial('the webhook listens on loopback only unless WEBHOOK_HOST says otherwise', async (t) => {
  t.like(run.served.server.address(), { address: '127.0.0.1' });
  const port = (run.served.server.address() as { port: number }).port;
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (!outside) return t.log('no non-loopback IPv4 interface on this machine: only the bound address was checked');
  const error = await fetch(`http://${outside}:${port}/health/liveness`).then(
    () => null,
    (e: Error & { cause?: { code?: string } }) => e.cause?.code,
  );
  t.is(error, 'ECONNREFUSED');
});

// Last in the file: it restarts the runner on the same data directory (its embedded database kept on disk).
test.serial('an approval recorded while the pipeline was down wakes execute when it starts', async (t) => {
  const store = createStore(runtime.database);
  const { action } = await store.actions.insert({
    recommendationEventId: 'rec-while-down',
    incidentId: null,
    alertname: 'KubePodCrashLooping',
    fingerprint: 'f-down',
    target: { kind: 'Deployment', namespace: 'shop', name: 'api' },
    action: 'restart_deployment',
    parameters: {},
    disruptive: true,
    decision: 'approval',
    verdicts: [],
    status: 'approval_required',
    preState: null,
    preSpecHash: null,
  });
  t.true(await store.actions.decidePending(action.id, 'approved', 'alice'));
  await run.close();
  const before = seen.execute!.length;
  run = await start();
  await run.broker.idle();
  const woken = seen.execute!.slice(before).filter((e) => ActionApproved.is(e));
  t.deepEqual(
    woken.map((e) => ActionApproved.parse(e).data),
    [{ actionId: action.id, approvedBy: 'alice' }],
  );
  t.is(woken[0]?.partitionkey, 'shop/Deployment/api');
});
