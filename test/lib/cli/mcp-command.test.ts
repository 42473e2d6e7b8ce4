import test from 'ava';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stop } from '../../../lib/cli/bench/processes.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { CLI, startRun } from '../../support/local-run.ts';
import { seedHistory } from '../../support/history-seed.ts';
import { TEST_DATABASE_URL, testDatabase } from '../../support/test-database.ts';

// `alerts-slm mcp`: the action-history MCP server on stdio, as a person's MCP client starts it (a child process).
const stdioClient = async (env: Record<string, string>) => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp'],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
};
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));

(TEST_DATABASE_URL ? test.serial : test.serial.skip)(
  'over stdio with DATABASE_URL: the tools answer from that database, and closing stdin ends the process',
  async (t) => {
    const db = await testDatabase('pg');
    t.teardown(() => db.drop());
    const { pendingId } = await seedHistory(createStore(db.driver), db.driver, new Date());
    const { client, stderr } = await stdioClient({ DATABASE_URL: db.url ?? '' });
    const pending = await call(client, 'list_pending_approvals');
    t.like(pending.structuredContent, { waiting: [{ id: pendingId, action: 'increase_resources' }] });
    const history = await call(client, 'get_action_history', { target: 'shop/Deployment/api', limit: 500 });
    t.true(history.isError);
    t.regex((history.content[0] as { text: string }).text, /limit must be at most 200/);
    await client.close();
    t.notRegex(stderr(), /"level":"error"/);
  },
);

test.serial('inside make run: alerts-slm mcp talks to the running process that holds the embedded database', async (t) => {
  t.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-mcp-'));
  const run = await startRun({ DATA_DIR: dataDir, WEBHOOK_PORT: String(await freePort()) });
  t.teardown(() => stop(run.child));
  const { client } = await stdioClient({ DATA_DIR: dataDir });
  t.teardown(() => client.close());
  t.deepEqual((await client.listTools()).tools.map((x) => x.name).sort(), [
    'analyze_oscillation',
    'check_action_safety',
    'get_action_history',
    'get_effectiveness',
    'list_pending_approvals',
  ]);
  const r = await call(client, 'get_action_history', { target: 'shop/Deployment/api' });
  t.like(r.structuredContent, { total_actions: 0, actions: [] });
  t.regex((r.content[0] as { text: string }).text, /^shop\/Deployment\/api: no actions recorded$/);
  const bad = await call(client, 'get_effectiveness', { alertname: 'A', target: 'shop/Deployment/api' });
  t.true(bad.isError);
  t.is(run.child.exitCode, null, 'the pipeline keeps running');
});

test.serial('with no database at all it says so and exits 1, creating nothing', (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'alerts-slm-mcp-')), 'none');
  const r = spawnSync(process.execPath, [CLI, 'mcp'], {
    encoding: 'utf8',
    input: '',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  t.is(r.status, 1);
  t.regex(r.stderr, /no database under .*none \(start the pipeline with make run, or set DATABASE_URL\)/);
  t.is(r.stdout, '', 'stdout is for MCP messages only');
});
