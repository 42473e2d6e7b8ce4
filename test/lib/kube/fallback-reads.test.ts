import test from 'ava';
import type { Config } from '../../../lib/config/config-schema.ts';
import { createCluster, createClusterReads } from '../../../lib/kube/create-cluster.ts';
import { traceReads } from '../../../lib/kube/fallback-reads.ts';
import { noClusterReads } from '../../../lib/kube/no-cluster.ts';
import { alertFrom } from '../../support/alerts.ts';
import { kubeSettingsFor, seedShop } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { startFakeKubeMcp, type FakeKubeMcp } from '../../support/fake-kube-mcp.ts';
import { freePort } from '../../support/free-port.ts';

// KUBE_MCP_URL set: the MCP server first; per read the direct reads when credentials exist, else the labels alone,
// when it is unreachable, too slow or answers an error; the provenance says which and why.
let kube: FakeKubeApi;
let mcp: FakeKubeMcp;
let crashing: string;
test.before(async () => {
  kube = await startFakeKubeApi();
  mcp = await startFakeKubeMcp({ kube });
  crashing = seedShop(kube).metadata?.name ?? '';
});
test.after.always(() => Promise.all([kube?.close(), mcp?.close()]));

const noCredentials: Config['kube'] = {
  kubeconfig: null,
  context: null,
  serviceHost: null,
  timeoutMs: 2000,
  mcpUrl: null,
  mcpTokenFile: null,
};
const alert = () => alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: crashing, container: 'checkout' });
const analysis = async (kubeSettings: Config['kube']) => {
  const { reads, provenance } = traceReads(createClusterReads(kubeSettings));
  const chain = await reads.resolveChain(alert());
  const node = await reads.nodeFacts('worker-1');
  return { chain, node, provenance: provenance() };
};
const unreachable = async () => `http://127.0.0.1:${await freePort()}/mcp`;

test.serial('a reachable MCP server answers every read: the facts say kubernetes-mcp, and the API server is not asked', async (t) => {
  const before = kube.requests.length;
  const calls = mcp.calls.length;
  const got = await analysis({ ...kubeSettingsFor(kube), mcpUrl: mcp.url });
  t.deepEqual(got.provenance, { source: 'kubernetes-mcp', fallback: null });
  t.like(got.chain, { verified: true, workload: { name: 'checkout' } });
  t.true(mcp.calls.length > calls);
  t.is(kube.requests.length - before, mcp.calls.length - calls, 'one API request per tool call: none of its own');
});

test.serial(
  'an unreachable MCP server: every read falls back to the direct reads, with the same facts, and the provenance says why',
  async (t) => {
    const got = await analysis({ ...kubeSettingsFor(kube), mcpUrl: await unreachable() });
    const expected = await analysis(kubeSettingsFor(kube));
    t.deepEqual({ chain: got.chain, node: got.node }, { chain: expected.chain, node: expected.node });
    t.is(got.provenance.source, 'kubernetes-api');
    t.regex(
      got.provenance.fallback ?? '',
      /^\d+ of \d+ reads from the Kubernetes MCP server failed; first: resolveChain: .*kubernetes MCP server/,
    );
  },
);

test.serial('an unreachable MCP server without cluster credentials: the labels alone, said in the provenance', async (t) => {
  const got = await analysis({ ...noCredentials, mcpUrl: await unreachable() });
  t.is(got.provenance.source, 'labels');
  t.truthy(got.provenance.fallback);
  t.like(got.chain, { verified: false, workload: { kind: 'Deployment', name: 'checkout' } });
  t.is(got.node, null);
});

test.serial('a server slower than the per-call timeout falls back, saying it did not answer in time', async (t) => {
  mcp.delay(1500);
  t.teardown(() => mcp.delay(0));
  const got = await analysis({ ...kubeSettingsFor(kube), timeoutMs: 300, mcpUrl: mcp.url });
  t.is(got.provenance.source, 'kubernetes-api');
  t.regex(got.provenance.fallback ?? '', /no answer within 300 ms|timed out/i);
  t.like(got.chain, { verified: true });
});

test.serial('an error answer falls back for that read only; not found is an answer, not a failure', async (t) => {
  mcp.failNext(
    'resources_get',
    'failed to get resource: nodes "worker-1" is forbidden: User "system:serviceaccount:mcp:reader" cannot get resource "nodes"',
  );
  const { reads, provenance } = traceReads(createClusterReads({ ...kubeSettingsFor(kube), mcpUrl: mcp.url }));
  t.like(await reads.nodeFacts('worker-1'), { name: 'worker-1', ready: true }, 'the direct read answered');
  t.is(await reads.pvcFacts('shop', 'nope'), null);
  t.deepEqual(provenance(), {
    source: 'kubernetes-api',
    fallback:
      '1 of 2 reads from the Kubernetes MCP server failed; first: nodeFacts: get Node worker-1: kubernetes MCP server: failed to get resource: nodes "worker-1" is forbidden: User "system:serviceaccount:mcp:reader" cannot get resource "nodes"',
  });
});

test.serial('without KUBE_MCP_URL the reads are the direct ones, and their provenance names them', (t) => {
  t.deepEqual(traceReads(createClusterReads(kubeSettingsFor(kube))).provenance(), { source: 'kubernetes-api', fallback: null });
  t.deepEqual(traceReads(noClusterReads()).provenance(), { source: 'labels', fallback: null });
});

test.serial(
  "execute's cluster is built without the MCP server even when KUBE_MCP_URL is set: its reads go to the API server",
  async (t) => {
    const cluster = createCluster({ ...kubeSettingsFor(kube), mcpUrl: mcp.url }, 'alerts-slm-execute');
    const calls = mcp.calls.length;
    t.is(cluster.source, 'kubernetes-api');
    t.is(cluster.traced, undefined);
    t.like(await cluster.nodeFacts('worker-1'), { name: 'worker-1' });
    t.like(await cluster.read({ kind: 'Deployment', namespace: 'shop', name: 'checkout' }), { metadata: { name: 'checkout' } });
    t.is(mcp.calls.length, calls, 'the MCP server got no call');
    t.is(
      createCluster({ ...noCredentials, mcpUrl: mcp.url }, 'alerts-slm-execute').source,
      'labels',
      'and without credentials it has none, MCP or not',
    );
  },
);
