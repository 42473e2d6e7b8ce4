import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stop } from '../../../lib/cli/bench/processes.ts';

// `make run` is `node dist/cli.js run` (make test builds dist/ first).
const cli = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli.js');

const startRun = async (env: Record<string, string>) => {
  const child = spawn(process.execPath, [cli, 'run'], { env: { ...process.env, SLM_PROVIDER: 'none', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // The embedded database takes seconds to create on a busy machine.
  for (let i = 0; !stderr.includes('alerts-slm is running'); i++) {
    if (child.exitCode !== null || i > 1200) throw new Error(`run did not start (exit ${child.exitCode}): ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, stderr: () => stderr };
};

test('a second run on the same DATA_DIR is refused with a message naming the first, which keeps running', async (t) => {
  t.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-run-'));
  const first = await startRun({ DATA_DIR: dataDir, WEBHOOK_PORT: String(await freePort()) });
  t.teardown(() => stop(first.child));
  const second = spawnSync(process.execPath, [cli, 'run'], { encoding: 'utf8', env: { ...process.env, SLM_PROVIDER: 'none', DATA_DIR: dataDir, WEBHOOK_PORT: String(await freePort()) } });
  t.is(second.status, 1);
  t.regex(second.stderr, new RegExp(`is in use by another alerts-slm run \\(pid ${first.child.pid}\\)`));
  t.is(first.child.exitCode, null);
  // The first still answers its commands (they run inside it).
  const history = spawnSync(process.execPath, [cli, 'history', '--json'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir } });
  t.is(history.status, 0, history.stderr);
  t.deepEqual(JSON.parse(history.stdout), []);
});

test('the start-up banner names the model endpoint without the credentials in it', async (t) => {
  t.timeout(120_000);
  const run = await startRun({ DATA_DIR: mkdtempSync(join(tmpdir(), 'alerts-slm-run-')), WEBHOOK_PORT: String(await freePort()), SLM_PROVIDER: 'ollama', SLM_ENDPOINT: 'http://alice:s3cret@127.0.0.1:9/' });
  t.teardown(() => stop(run.child));
  t.false(run.stderr().includes('s3cret'));
  t.regex(run.stderr(), /http:\/\/\[redacted\]@127\.0\.0\.1:9/);
});
