import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdLocalLock, liveLocalLock, LockHeldError } from '../../../lib/cli/local-lock.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'alerts-slm-lock-'));
// A process that takes the lock the way the local runner does, says so, and holds it until killed.
const holder = (dataDir: string) => {
  const script = `import { holdLocalLock } from ${JSON.stringify(join(import.meta.dirname, '..', '..', '..', 'lib', 'cli', 'local-lock.ts'))};
holdLocalLock(${JSON.stringify(dataDir)}).advertise('http://127.0.0.1:1/admin/run'); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<typeof child>((resolve) => child.stdout.once('data', () => resolve(child)));
};

test('a second runner on the same data directory is refused, naming the process that holds it', async (t) => {
  const dataDir = dir();
  const child = await holder(dataDir);
  t.teardown(() => child.kill('SIGKILL'));
  const error = t.throws(() => holdLocalLock(dataDir), { instanceOf: LockHeldError });
  t.regex(error?.message ?? '', new RegExp(`is in use by another alerts-slm run \\(pid ${child.pid}\\)`));
  t.like(liveLocalLock(dataDir), { pid: child.pid, adminUrl: 'http://127.0.0.1:1/admin/run' });
});

test('a lock left by a process that is gone is taken over, and released only by its holder', (t) => {
  const dataDir = dir();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  writeFileSync(join(dataDir, 'runner.lock'), JSON.stringify({ pid: dead, adminUrl: null }));
  t.is(liveLocalLock(dataDir), null);
  const lock = holdLocalLock(dataDir);
  t.is(JSON.parse(readFileSync(join(dataDir, 'runner.lock'), 'utf8')).pid, process.pid);
  lock.release();
  t.false(existsSync(join(dataDir, 'runner.lock')));
});

test('of two runners starting at the same moment exactly one gets the directory', async (t) => {
  const dataDir = dir();
  const script = `import { holdLocalLock } from ${JSON.stringify(join(import.meta.dirname, '..', '..', '..', 'lib', 'cli', 'local-lock.ts'))};
try { holdLocalLock(${JSON.stringify(dataDir)}); console.log('got'); setTimeout(() => {}, 5000); } catch (e) { console.log('refused'); }`;
  const run = () =>
    new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    });
  const results = await Promise.all([run(), run(), run()]);
  t.deepEqual(results.sort(), ['got', 'refused', 'refused']);
});
