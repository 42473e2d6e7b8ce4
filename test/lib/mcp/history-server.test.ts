import test from 'ava';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../../../lib/config/load-config.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { createHistoryServer } from '../../../lib/mcp/history-server.ts';
import { historyDeps } from '../../../lib/mcp/history-deps.ts';
import { createLogger, silentLogger } from '../../../lib/runtime/logger.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { readOnlyDriver } from '../../../lib/store/read-only-driver.ts';
import { deployment } from '../../support/cluster-fixture.ts';
import { kubeSettingsFor } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { seedHistory } from '../../support/history-seed.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

// The action-history MCP server, driven by the SDK's own client (in memory here; over HTTP and stdio elsewhere).
let db: TestDatabase;
let fake: FakeKubeApi;
let seeded: Awaited<ReturnType<typeof seedHistory>>;
const now = new Date();
const published: CloudEventEnvelope[] = [];

const connect = async (env: Record<string, string> = {}) => {
  const config = loadConfig({ ...env });
  const deps = historyDeps(
    { ...config, kube: kubeSettingsFor(fake) },
    db.driver,
    {
      publish: async (events) => {
        published.push(...events);
        return { published: events.length };
      },
    },
    () => now,
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createHistoryServer(deps, {
    log: process.env.MCP_DEBUG ? createLogger({ write: (l) => console.error(l) }) : silentLogger(),
  }).connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return client;
};
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));
const text = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;

// Every table's rows, hashed: what "the server never writes" is checked against.
const fingerprint = async () => {
  const { rows } = await db.driver.query<{ t: string }>(
    'SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1',
  );
  const sums: string[] = [];
  for (const { t } of rows)
    sums.push(
      `${t}:${(await db.driver.query<{ h: string }>(`SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM ${t} x`)).rows[0]?.h}`,
    );
  return sums;
};

test.before(async () => {
  [db, fake] = await Promise.all([testDatabase(defaultTestDriver()), startFakeKubeApi()]);
  fake.add(deployment('shop', 'api', 7));
  fake.add(deployment('shop', 'web', 2));
  seeded = await seedHistory(createStore(db.driver), db.driver, now);
});
test.after.always(async () => Promise.all([db?.drop(), fake?.close()]));

test.serial('lists five read-only tools, each with an input and an output schema; approving is not offered by default', async (t) => {
  const { tools } = await (await connect()).listTools();
  t.deepEqual(
    tools.map((x) => x.name),
    ['get_action_history', 'analyze_oscillation', 'check_action_safety', 'get_effectiveness', 'list_pending_approvals'],
  );
  for (const tool of tools) {
    t.is(tool.inputSchema.type, 'object');
    t.is(tool.outputSchema?.type, 'object', `${tool.name} declares its structured answer`);
    t.like(tool.annotations, { readOnlyHint: true, destructiveHint: false });
  }
});

test.serial('get_action_history: every action on the target with its gates, who decided, the outcome and the assessment', async (t) => {
  const r = await call(await connect(), 'get_action_history', { target: 'shop/Deployment/api' });
  t.falsy(r.isError);
  const data = r.structuredContent as any;
  t.like(data, {
    target: { key: 'shop/Deployment/api', kind: 'Deployment' },
    total_actions: 5,
    by_status: { succeeded: 3, rejected: 1, approval_required: 1 },
  });
  t.deepEqual(
    data.actions.map((a: any) => a.action),
    ['increase_resources', 'restart_deployment', 'scale_deployment', 'scale_deployment', 'scale_deployment'],
  );
  t.like(data.actions[1], { status: 'blocked', decided_by: 'gate', gates: [{ gate: 'cooldown', verdict: 'block' }] });
  t.like(data.actions[2], { status: 'performed', decided_by: 'policy', assessment: { outcome: 'effective', score: 0.9 } });
  t.regex(text(r), /^shop\/Deployment\/api: 5 action\(s\) \(1 awaiting approval, 1 blocked, 3 performed\); newest first:/);
  t.regex(text(r), /\n {4}blocked \(cooldown\): restart_deployment ran on this target 10 min ago/);
  const recent = (await call(await connect(), 'get_action_history', { target: 'shop/deployment/api', since: '50m', limit: 1 }))
    .structuredContent as any;
  t.like(recent, { total_actions: 2 });
  t.is(recent.actions.length, 1, 'limit bounds the list, not the count');
});

test.serial('a bad argument is an MCP error that names it; nothing is read', async (t) => {
  const client = await connect();
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['get_action_history', { target: 'api' }, /target must be namespace\/kind\/name/],
    ['get_action_history', { target: 'shop/Deployment/api', limit: 0 }, /limit must be at least 1/],
    ['get_action_history', { target: 'shop/Deployment/api', limit: 5000 }, /limit must be at most 200/],
    ['get_action_history', { target: 'shop/Deployment/api', since: 'last tuesday' }, /since must be a duration back from now/],
    ['analyze_oscillation', { target: 'shop/Deployment/api', window: '6' }, /window must be a duration/],
    ['check_action_safety', { target: 'shop/Deployment/api', action: 'delete_namespace' }, /action/],
    ['get_effectiveness', { alertname: 'A', action: 'restart_pod' }, /give exactly one of alertname, action or target/],
    ['get_effectiveness', {}, /give exactly one of alertname, action or target/],
  ];
  for (const [name, args, message] of bad) {
    const r = await call(client, name, args);
    t.true(r.isError, `${name} ${JSON.stringify(args)}`);
    t.regex(text(r), message);
  }
  const absent = await call(client, 'approve_action', {});
  t.true(absent.isError);
  t.regex(text(absent), /Tool approve_action not found/);
});

test.serial('analyze_oscillation: 4 → 6 → 5 → 7 in the window is two reversals, medium; a short window sees none', async (t) => {
  const client = await connect();
  const r = await call(client, 'analyze_oscillation', { target: 'shop/Deployment/api' });
  t.like(r.structuredContent, { severity: 'medium', window_minutes: 360, thresholds: { approval_at: 2, block_at: 4 } });
  t.like((r.structuredContent as any).dimensions[0], {
    dimension: 'replicas',
    values: [4, 6, 5, 7],
    direction_changes: 2,
    amplitude: 3,
    period_minutes: 20,
  });
  t.regex(text(r), /^shop\/Deployment\/api over the last 6 h: medium oscillation \(confidence 1\)\nreplicas went 4 → 6 → 5 → 7/);
  t.like((await call(client, 'analyze_oscillation', { target: 'shop/Deployment/api', window: '70m' })).structuredContent, {
    severity: 'none',
  });
});

test.serial('check_action_safety: every gate on live facts, what would make it safe, and nothing taken or written', async (t) => {
  const before = await fingerprint();
  const requests = fake.requests.length;
  const client = await connect();
  const swing = await call(client, 'check_action_safety', {
    target: 'shop/Deployment/api',
    action: 'scale_deployment',
    parameters: { replicas: 6 },
  });
  t.falsy(swing.isError, text(swing));
  t.like(swing.structuredContent, { is_safe: false, decision: 'approval', severity: 'needs_approval', risk: 'medium' });
  const osc = (swing.structuredContent as any).verdicts.find((v: any) => v.gate === 'oscillation');
  t.like(osc, { verdict: 'approval' });
  t.regex(osc.reason, /replicas went 4 → 6 → 5 → 7 → 6: 3 reversal/);
  t.true((swing.structuredContent as any).to_make_safe.some((s: string) => s.startsWith('oscillation: let the target settle')));
  t.regex(
    text(swing),
    /^scale_deployment on shop\/Deployment\/api: not safe on its own: needs approval\n[\s\S]*\n {2}needs a person \(oscillation\)[^\n]*\n {4}to pass: let the target settle/,
  );
  const fine = await call(client, 'check_action_safety', { target: 'shop/Deployment/web', action: 'restart_deployment' });
  t.like(fine.structuredContent, { is_safe: true, decision: 'perform', severity: 'safe', to_make_safe: [] });
  const protectedNs = await call(client, 'check_action_safety', { target: 'kube-system/Deployment/coredns', action: 'restart_deployment' });
  t.like(protectedNs.structuredContent, { is_safe: false, severity: 'blocked' });
  t.deepEqual(
    fake.requests.slice(requests).filter((r) => r.method !== 'GET'),
    [],
    'only reads reached the cluster',
  );
  t.deepEqual(await fingerprint(), before, 'no row changed: no lock taken, nothing recorded');
});

test.serial('get_effectiveness: outcomes and success rates next to the no-action baseline, by alert, action or target', async (t) => {
  const client = await connect();
  const byAlert = (await call(client, 'get_effectiveness', { alertname: 'HighCPUUsage' })).structuredContent as any;
  t.like(byAlert.rows[0], { alertname: 'HighCPUUsage', action: 'scale_deployment', samples: 3, effective: 2, ineffective: 1 });
  t.is(byAlert.rows[0].success_rate, 2 / 3);
  t.like(byAlert.baselines[0], { alertname: 'HighCPUUsage', samples: 2, resolved_within: 1, rate: 0.5 });
  t.is(byAlert.rows[0].baseline_rate, 0.5);
  t.like((await call(client, 'get_effectiveness', { target: 'shop/Deployment/web' })).structuredContent, { rows: [] });
  const text_ = text(await call(client, 'get_effectiveness', { action: 'scale_deployment' }));
  t.regex(text_, /HighCPUUsage \/ scale_deployment: 67% effective of 3 judged \(3 assessed, 0 harmful\); no action: 50%/);
});

test.serial('list_pending_approvals: the exact change, why it waits, until when', async (t) => {
  const r = await call(await connect(), 'list_pending_approvals');
  const [w] = (r.structuredContent as any).waiting;
  t.like(w, { id: seeded.pendingId, action: 'increase_resources', target: 'shop/Deployment/api', why: [{ gate: 'mode' }] });
  t.regex(w.change, /^memory 512Mi → 768Mi on container api/);
  t.regex(
    text(r),
    /^1 action\(s\) wait for a person:\n {2}[0-9a-f-]{36} {2}increase_resources on shop\/Deployment\/api for HighCPUUsage, waiting 20 min/,
  );
});

test.serial('approve_action exists only where MCP_ALLOW_APPROVE is on: it records who approved and wakes execute', async (t) => {
  const client = await connect({ MCP_ALLOW_APPROVE: 'true' });
  t.true((await client.listTools()).tools.some((x) => x.name === 'approve_action' && x.annotations?.readOnlyHint === false));
  const r = await call(client, 'approve_action', { action_id: seeded.pendingId, approved_by: 'carol' });
  t.like(r.structuredContent, { approved: true, recorded_by: 'carol' });
  t.regex(text(r), /execute was woken/);
  t.like(published.at(-1), { type: 'dev.alerts-slm.action.approved.v1', source: '/alerts-slm/mcp', data: { actionId: seeded.pendingId } });
  const again = await call(client, 'approve_action', { action_id: '00000000-0000-4000-8000-000000000000', approved_by: 'carol' });
  t.like(again.structuredContent, { approved: false, reason: 'no action 00000000-0000-4000-8000-000000000000' });
});

test('the read-only connection refuses any write, whatever the role may do', async (t) => {
  const ro = readOnlyDriver(db.driver);
  await t.throwsAsync(ro.query("UPDATE actions SET status = 'approved'"), { message: /read-only transaction/ });
  await t.throwsAsync(ro.exec('DROP TABLE actions'), { message: /read-only/ });
  t.true(Array.isArray((await ro.query('SELECT 1')).rows));
});
