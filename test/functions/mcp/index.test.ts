import test from 'ava';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { join } from 'node:path';
import { freePort, spawnUntilReady, stop } from '../../../lib/cli/bench/processes.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { seedHistory } from '../../support/history-seed.ts';
import { TEST_DATABASE_URL, testDatabase, type TestDatabase } from '../../support/test-database.ts';

// The sixth Service: the action-history MCP server over streamable HTTP, as the built image runs it (FUNCTION=mcp),
// driven by the SDK's own client. It needs a server database (a cluster has no embedded one).
const entry = join(import.meta.dirname, '..', '..', '..', 'dist', 'index.js');
const serverTest = TEST_DATABASE_URL ? test.serial : test.serial.skip;
let db: TestDatabase;
let url: string;
let child: Awaited<ReturnType<typeof spawnUntilReady>>['child'] | undefined;

test.before(async () => {
  if (!TEST_DATABASE_URL) return;
  db = await testDatabase('pg');
  await seedHistory(createStore(db.driver), db.driver, new Date());
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  const env = { FUNCTION: 'mcp', PORT: String(port), MCP_AUTH_TOKEN: 'mcp-s3cret', DATABASE_URL: db.url ?? '', LOG_LEVEL: 'error' };
  ({ child } = await spawnUntilReady([entry], env, `${url}health/readiness`));
});
test.after.always(async () => {
  if (child) await stop(child);
  await db?.drop();
});

const client = async (token: string | null) => {
  const c = new Client({ name: 'test', version: '1' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  );
  return c;
};

serverTest('an MCP client with the token lists the tools and gets text and structured answers', async (t) => {
  const c = await client('mcp-s3cret');
  t.teardown(() => c.close());
  t.is(c.getServerVersion()?.name, 'alerts-slm-history');
  t.is((await c.listTools()).tools.length, 5);
  const r = CallToolResultSchema.parse(
    await c.callTool({ name: 'get_action_history', arguments: { target: 'shop/Deployment/api', limit: 2 } }),
  );
  t.like(r.structuredContent, { total_actions: 5 });
  t.regex((r.content[0] as { text: string }).text, /^shop\/Deployment\/api: 5 action\(s\)/);
  const bad = CallToolResultSchema.parse(await c.callTool({ name: 'analyze_oscillation', arguments: { target: 'nowhere' } }));
  t.true(bad.isError);
  t.regex((bad.content[0] as { text: string }).text, /target must be namespace\/kind\/name/);
});

serverTest('without the token, or with another, nothing is answered but 401', async (t) => {
  for (const token of [null, 'webhook-token']) {
    const refused = await t.throwsAsync(client(token), { message: /missing or wrong bearer token/ });
    t.is((refused as Error & { code?: number }).code, 401);
  }
  const raw = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  });
  t.is(raw.status, 401);
});

serverTest('the front door still answers for the transport: GET is 405 (no stream), a body that is not JSON is 415/400', async (t) => {
  const auth = { authorization: 'Bearer mcp-s3cret' };
  t.is((await fetch(url, { headers: { ...auth, accept: 'text/event-stream' } })).status, 405);
  t.is((await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'hi' })).status, 415);
  const broken = await fetch(url, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: '{"jsonrpc":',
  });
  t.is(broken.status, 400);
  const noAccept = await fetch(url, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  });
  t.is(noAccept.status, 406, "the SDK's transport asks for Accept: application/json, text/event-stream");
});

test('the mcp function refuses to start without its token, naming it', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [entry], {
    env: { ...process.env, FUNCTION: 'mcp', MCP_AUTH_TOKEN: '', WEBHOOK_AUTH_TOKEN: 'x', DATABASE_URL: 'postgres://127.0.0.1:9/none' },
    encoding: 'utf8',
  });
  t.is(r.status, 1);
  t.regex(r.stderr, /MCP_AUTH_TOKEN \(or MCP_AUTH_TOKEN_FILE\) is required/);
  t.notRegex(r.stderr, /webhook/i, 'the webhook token does not open it');
});
