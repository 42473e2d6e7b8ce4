import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../lib/cli/main.ts';
import { replayCommand } from '../../../lib/cli/replay-command.ts';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} } };
};

test('--help lists every command', async (t) => {
  const { out, io: cli } = io();
  t.is(await runCli(['--help'], [replayCommand], cli), 0);
  t.true(out.join('\n').includes('replay <file|dir>... --to <url>'));
});

test('an unknown command or a wrong command line exits 2 with the usage', async (t) => {
  const a = io();
  t.is(await runCli(['frobnicate'], [replayCommand], a.io), 2);
  t.regex(a.err[0] ?? '', /unknown command "frobnicate"/);
  const b = io();
  t.is(await runCli(['replay', 'x.json'], [replayCommand], b.io), 2);
  t.regex(b.err.join('\n'), /replay needs .* --to <url>/);
});

const cli = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli.js');

test('the built alerts-slm binary answers --help (make build runs before the tests)', (t) => {
  t.true(existsSync(cli), 'dist/cli.js is missing: run `make build`');
  const text = execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  for (const command of ['run', 'replay']) t.regex(text, new RegExp(`^  ${command}\\b`, 'm'));
});

test('the built binary reports a bad configuration by name and exits 1', (t) => {
  const r = spawnSync(process.execPath, [cli, 'run'], { encoding: 'utf8', env: { ...process.env, WEBHOOK_PORT: 'eighty' } });
  t.is(r.status, 1);
  t.regex(r.stderr, /WEBHOOK_PORT: expected an integer/);
});
