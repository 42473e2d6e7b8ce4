import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createClusterReads } from '../../../lib/kube/create-cluster.ts';
import { createMcpReads } from '../../../lib/kube/mcp-reads.ts';
import { kubeSettingsFor, node } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { startFakeKubeMcp } from '../../support/fake-kube-mcp.ts';

const Gi = 2 ** 30;
const Mi = 2 ** 20;
const TOKEN = 'mcp-token-capacity';

const quota = (namespace: string, name: string, hard: Record<string, string>, used: Record<string, string>, scopes?: string[]) => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace },
  spec: { hard, ...(scopes ? { scopes } : {}) },
  status: { hard, used },
});
const pod = (name: string, nodeName: string | null, phase: string, requests: Record<string, string>, init?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    containers: [{ name: 'c', image: 'x', resources: { requests } }],
    ...(init ? { initContainers: [{ name: 'i', image: 'x', resources: { requests: init } }] } : {}),
  },
  status: { phase },
});

// shop: a quota (and a scoped one, left out), a LimitRange; three nodes (one cordoned, one tainted); pods on worker-1,
// one finished and one not yet scheduled (neither holds node room). Each test its own server: some forbid reads.
const seeded = async (t: ExecutionContext): Promise<FakeKubeApi> => {
  const kube = await startFakeKubeApi();
  t.teardown(() => kube.close());
  kube.add(
    quota('shop', 'compute', { 'requests.memory': '8Gi', cpu: '4', pods: '20' }, { 'requests.memory': '7Gi', cpu: '1500m', pods: '8' }),
  );
  kube.add(quota('shop', 'best-effort', { pods: '5' }, { pods: '0' }, ['BestEffort']));
  kube.add({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'caps', namespace: 'shop' },
    spec: {
      limits: [
        { type: 'Container', max: { memory: '2Gi', cpu: '2' }, default: { memory: '256Mi' } },
        { type: 'PersistentVolumeClaim', max: { storage: '50Gi' } },
      ],
    },
  });
  kube.add(node('worker-1'));
  kube.add(node('worker-2', true));
  kube.add({ ...node('worker-3'), spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } });
  kube.add(pod('api-1', 'worker-1', 'Running', { cpu: '500m', memory: '1Gi' }));
  kube.add(pod('migrate-1', 'worker-1', 'Running', { cpu: '250m', memory: '256Mi' }, { cpu: '1', memory: '512Mi' }));
  kube.add(pod('done-1', 'worker-1', 'Succeeded', { cpu: '4', memory: '4Gi' }));
  kube.add(pod('pending-1', null, 'Pending', { cpu: '4', memory: '4Gi' }));
  return kube;
};

const direct = (kube: FakeKubeApi) => createClusterReads(kubeSettingsFor(kube));
const room = (name: string, schedulable: boolean, requested = { cpu: 0, memory: 0, pods: 0 }) => ({
  name,
  schedulable,
  allocatable: { cpu: 8, memory: 32 * Gi, pods: 110 },
  requested,
});

test('quotas, limits and node room are read with bounded lists; finished and unscheduled pods hold no room', async (t) => {
  const kube = await seeded(t);
  const facts = await direct(kube).capacityFacts('shop');
  t.deepEqual(facts, {
    namespace: 'shop',
    quotas: {
      known: true,
      value: [
        {
          name: 'compute',
          hard: { 'requests.memory': 8 * Gi, 'requests.cpu': 4, pods: 20 },
          used: { 'requests.memory': 7 * Gi, 'requests.cpu': 1.5, pods: 8 },
        },
      ],
    },
    limits: { known: true, value: [{ name: 'caps', type: 'Container', max: { cpu: 2, memory: 2 * Gi } }] },
    // migrate-1 holds what its init container asks (1 core, 512Mi): more than its container's 250m and 256Mi.
    nodes: {
      known: true,
      value: [room('worker-1', true, { cpu: 1.5, memory: Gi + 512 * Mi, pods: 2 }), room('worker-2', false), room('worker-3', false)],
    },
  });
  const asked = kube.requests.map((r) => `${r.path}?${new URLSearchParams(r.query)}`).sort();
  t.deepEqual(asked, [
    '/api/v1/namespaces/shop/limitranges?limit=20',
    '/api/v1/namespaces/shop/resourcequotas?limit=20',
    '/api/v1/nodes?limit=500',
    `/api/v1/pods?${new URLSearchParams({ fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed', limit: '500' })}`,
  ]);
});

test('a quota read RBAC forbids (403) is an unknown fact naming the permission; the other reads still answer', async (t) => {
  const kube = await seeded(t);
  kube.forbid({ verb: 'list', resource: 'resourcequotas', namespace: 'shop' });
  const facts = await direct(kube).capacityFacts('shop');
  t.deepEqual(facts.quotas, {
    known: false,
    why: 'list ResourceQuotas in shop: resourcequotas is forbidden: User "system:serviceaccount:alerts-slm:alerts-slm-execute" cannot list resource "resourcequotas" in API group "" in the namespace "shop"',
  });
  t.true(facts.limits.known);
  t.true(facts.nodes.known);
});

test('a list longer than its bound, or a failing one, is unknown rather than a partial sum', async (t) => {
  const kube = await seeded(t);
  for (let i = 0; i < 21; i++) kube.add(quota('crowded', `q-${i}`, { pods: '10' }, { pods: '1' }));
  kube.failNext({ verb: 'list', resource: 'pods' }, { status: 503, message: 'etcd leader changed' });
  const facts = await direct(kube).capacityFacts('crowded');
  t.deepEqual(facts.quotas, { known: false, why: 'ResourceQuotas in crowded: more than 20, not read' });
  t.deepEqual(facts.nodes, { known: false, why: 'list Pods in all namespaces: Kubernetes API answered 503: etcd leader changed' });
  t.deepEqual(facts.limits, { known: true, value: [] });
});

for (const listOutput of ['table', 'yaml'] as const) {
  test(`through a Kubernetes MCP server (${listOutput} lists) quotas and limits read the same, and node room is unknown, saying why`, async (t) => {
    const kube = await seeded(t);
    const mcp = await startFakeKubeMcp({ kube, token: TOKEN, listOutput });
    t.teardown(() => mcp.close());
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'mcp-token-')), 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const viaMcp = await createMcpReads({ ...kubeSettingsFor(kube), mcpUrl: mcp.url, mcpTokenFile: tokenFile }).capacityFacts('shop');
    const directly = await direct(kube).capacityFacts('shop');
    t.deepEqual([viaMcp.quotas, viaMcp.limits], [directly.quotas, directly.limits]);
    t.deepEqual(viaMcp.nodes, {
      known: false,
      why: 'list Pods in all namespaces: the Kubernetes MCP server lists pods without a limit; node room not read through it',
    });
  });
}
