import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { makeHandler } from '../../../functions/analyze/handler.ts';
import { analyzeMetrics } from '../../../functions/analyze/metrics.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import { createClusterReads } from '../../../lib/kube/create-cluster.ts';
import { MCP_READ_TOOLS } from '../../../lib/kube/mcp-session.ts';
import { createLogger } from '../../../lib/runtime/logger.ts';
import { createOllamaLlm } from '../../../lib/slm/ollama-llm.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom, firingEvent } from '../../support/alerts.ts';
import { kubeSettingsFor, seedShop } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { startFakeKubeMcp, type FakeKubeMcp } from '../../support/fake-kube-mcp.ts';
import { startFakeOllama, type FakeOllama } from '../../support/fake-ollama.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

// analyze with KUBE_MCP_URL set: its context is read through the Kubernetes MCP server; when that fails, through
// the API server; the recommendation (event and row) says which, and the token reaches no log line.
const TOKEN = 'mcp-token-a8e41c';
let kube: FakeKubeApi;
let mcp: FakeKubeMcp;
let ollama: FakeOllama;
let db: TestDatabase;
let store: Store;
let tokenFile: string;
let crashing: string;
const lines: string[] = [];
const log = createLogger({ level: 'debug', write: (line) => void lines.push(line) });
test.before(async () => {
  [kube, ollama, db] = await Promise.all([startFakeKubeApi(), startFakeOllama(), testDatabase(defaultTestDriver())]);
  mcp = await startFakeKubeMcp({ kube, token: TOKEN, readOnly: false });
  store = createStore(db.driver);
  tokenFile = join(mkdtempSync(join(tmpdir(), 'mcp-token-')), 'token');
  writeFileSync(tokenFile, TOKEN);
  crashing = seedShop(kube).metadata?.name ?? '';
  ollama.respond(() => ({
    content: JSON.stringify({ action: 'restart_deployment', parameters: {}, confidence: 0.8, reasoning: 'r', evidence: [] }),
  }));
});
test.after.always(() => Promise.all([kube?.close(), mcp?.close(), ollama?.close(), db?.drop()]));

const handler = (mcpUrl: string) =>
  makeHandler({
    store,
    cluster: createClusterReads({ ...kubeSettingsFor(kube), mcpUrl, mcpTokenFile: tokenFile }),
    llm: createOllamaLlm({
      endpoint: ollama.url,
      model: 'granite3.1-dense:8b',
      temperature: 0.1,
      maxTokens: 256,
      timeoutMs: 2000,
      retryCount: 0,
      apiKey: null,
    }),
    dedupWindowMs: 1, // every analysis here opens its own incident
    declinedHoldMs: 4 * 3_600_000,
    oscillation: { windowMs: 6 * 3_600_000, approvalAt: 2, blockAt: 4 },
    cacheTtlMs: 0,
    claimLeaseMs: 60_000,
    metrics: analyzeMetrics(new Registry()),
    now: () => new Date(),
  });
let n = 0;
const analyse = async (mcpUrl: string) => {
  const alert = alertFrom(
    { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: crashing, container: 'checkout' },
    { fingerprint: `mcp-${++n}` },
  );
  const reply = ActionRecommended.parse(await handler(mcpUrl)(firingEvent(alert), { log }));
  const { rows } = await db.driver.query<{ facts_source: string; facts_fallback: string | null }>(
    'SELECT facts_source, facts_fallback FROM recommendations WHERE event_id = $1',
    [reply.id],
  );
  return { reply, row: rows[0] };
};
const lastPrompt = () => JSON.stringify(ollama.requests.filter((r) => r.path === '/api/chat').at(-1)?.body);

test.serial(
  'the context is read through the MCP server: the facts reach the prompt, the provenance and the row say kubernetes-mcp',
  async (t) => {
    const calls = mcp.calls.length;
    const mutations = kube.mutations().length;
    const { reply, row } = await analyse(mcp.url);
    t.deepEqual(reply.data.provenance.facts, { source: 'kubernetes-mcp', fallback: null });
    t.deepEqual(row, { facts_source: 'kubernetes-mcp', facts_fallback: null });
    t.like(reply.data.target, { kind: 'Deployment', name: 'checkout', verified: true, via: 'owner-chain' });
    t.regex(lastPrompt(), /CrashLoopBackOff/);
    t.regex(lastPrompt(), /Back-off restarting failed container/, 'events read through events_list');
    const made = mcp.calls.slice(calls);
    t.true(
      made.length > 0 && made.every((c) => (MCP_READ_TOOLS as readonly string[]).includes(c.tool)),
      'read tools only, though the server offers writes',
    );
    t.is(kube.mutations().length, mutations);
  },
);

test.serial('a server that refuses every read: the API server answers, the provenance and the row say why', async (t) => {
  for (const tool of MCP_READ_TOOLS) mcp.failNext(tool, 'failed to list resources: the server is shutting down', 50);
  t.teardown(() => mcp.clearFailures());
  const { reply, row } = await analyse(mcp.url);
  t.is(reply.data.provenance.facts?.source, 'kubernetes-api');
  t.regex(
    reply.data.provenance.facts?.fallback ?? '',
    /reads from the Kubernetes MCP server failed; first: resolveChain: .*the server is shutting down/,
  );
  t.deepEqual(row, { facts_source: 'kubernetes-api', facts_fallback: reply.data.provenance.facts?.fallback ?? null });
  t.like(reply.data.target, { name: 'checkout', verified: true }, 'the direct reads still follow the owner chain');
  t.true(lines.some((l) => l.includes('cluster facts fell back from the Kubernetes MCP server')));
});

test.serial(
  'an unreachable server or a wrong token: analysis goes on, and no log line carries the token or the URL credentials',
  async (t) => {
    const { reply } = await analyse(mcp.url.replace('/mcp', '/elsewhere'));
    t.is(reply.data.provenance.facts?.source, 'kubernetes-api');
    const withUserinfo = new URL(mcp.url);
    withUserinfo.username = 'reader';
    withUserinfo.password = 'pw-77d2';
    writeFileSync(tokenFile, 'not-the-token');
    t.teardown(() => writeFileSync(tokenFile, TOKEN));
    const refused = await analyse(withUserinfo.toString());
    t.regex(refused.reply.data.provenance.facts?.fallback ?? '', /Unauthorized: Invalid token/);
    t.true(lines.length > 0);
    t.false(lines.some((l) => l.includes(TOKEN) || l.includes('pw-77d2')));
    t.false(JSON.stringify(refused.reply).includes('pw-77d2'));
  },
);
