import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetChain } from '../../../lib/domain/target-chain.ts';
import type { ClusterReads } from '../../../lib/ports/cluster.ts';
import { createClusterReads } from '../../../lib/kube/create-cluster.ts';
import { createMcpReads } from '../../../lib/kube/mcp-reads.ts';
import { createMcpSession, MCP_READ_TOOLS, type McpReadTool } from '../../../lib/kube/mcp-session.ts';
import { LIMITS } from '../../../lib/slm/analysis-context.ts';
import { alertFrom } from '../../support/alerts.ts';
import { kubeSettingsFor, podOf, seedShop } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { startFakeKubeMcp, type FakeKubeMcp } from '../../support/fake-kube-mcp.ts';
import { WRITE_TOOLS } from '../../support/fake-kube-mcp-tools.ts';

// The same fixtures read twice: directly from the (fake) API server, and through a containers/kubernetes-mcp-server
// stand-in that reads that same API server; in both of the server's list formats.
const TOKEN = 'mcp-token-3f9c1d7e';
let kube: FakeKubeApi;
let table: FakeKubeMcp;
let yamlLists: FakeKubeMcp;
let tokenFile: string;
let crashing: string;
test.before(async () => {
  kube = await startFakeKubeApi();
  [table, yamlLists] = await Promise.all([
    startFakeKubeMcp({ kube, token: TOKEN }),
    startFakeKubeMcp({ kube, token: TOKEN, listOutput: 'yaml' }),
  ]);
  tokenFile = join(mkdtempSync(join(tmpdir(), 'mcp-token-')), 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  crashing = seedShop(kube).metadata?.name ?? '';
});
test.after.always(() => Promise.all([kube?.close(), table?.close(), yamlLists?.close()]));

const direct = () => createClusterReads(kubeSettingsFor(kube));
const viaMcp = (mcp: FakeKubeMcp, over: { mcpTokenFile?: string | null; timeoutMs?: number } = {}) =>
  createMcpReads({ ...kubeSettingsFor(kube), mcpUrl: mcp.url, mcpTokenFile: tokenFile, ...over });
const alert = () => alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: crashing, container: 'checkout' });

const everything = async (reads: ClusterReads) => {
  const chain: TargetChain = await reads.resolveChain(alert());
  const deployment = { kind: 'Deployment' as const, namespace: 'shop', name: 'checkout', container: null };
  return {
    chain,
    workload: await reads.workloadFacts(deployment),
    pods: await reads.podFacts(chain, LIMITS.pods),
    podEvents: await reads.recentEvents({ kind: 'Pod', namespace: 'shop', name: crashing, container: null }, LIMITS.events),
    workloadEvents: await reads.recentEvents(deployment, LIMITS.events),
    node: await reads.nodeFacts('worker-1'),
    pvc: await reads.pvcFacts('shop', 'data'),
    missing: [
      await reads.workloadFacts({ ...deployment, name: 'gone' }),
      await reads.nodeFacts('worker-9'),
      await reads.pvcFacts('shop', 'nope'),
    ],
  };
};

for (const [format, mcp] of [
  ['table', () => table],
  ['yaml', () => yamlLists],
] as const) {
  test.serial(
    `facts read through the MCP server (lists as ${format}) are the direct reads' facts, but for the event count it does not print`,
    async (t) => {
      const expected = await everything(direct());
      const got = await everything(viaMcp(mcp()));
      t.like(got.chain, {
        workload: { kind: 'Deployment', name: 'checkout' },
        hpa: { name: 'checkout' },
        verified: true,
        via: 'owner-chain',
      });
      t.true(got.workload?.hasPreviousRevision === false && got.workload.revision === 1 && got.workload.hpa?.maxReplicas === 6);
      t.is(got.pods[0]?.containers[0]?.waiting, 'CrashLoopBackOff', 'the troubled pod first');
      t.deepEqual(got.missing, [null, null, null], 'what does not exist reads as null, as directly');
      const uncounted = (events: { count: number }[]) => events.map((e) => ({ ...e, count: 0 }));
      t.deepEqual(
        { ...got, podEvents: uncounted(got.podEvents), workloadEvents: uncounted(got.workloadEvents) },
        { ...expected, podEvents: uncounted(expected.podEvents), workloadEvents: uncounted(expected.workloadEvents) },
      );
      t.deepEqual(
        expected.podEvents.map((e) => e.count),
        [5, 1],
      );
      t.deepEqual(
        got.podEvents.map((e) => e.count),
        [1, 1],
        'events_list prints no count: each event counts once',
      );
      t.deepEqual(
        got.podEvents.map((e) => e.lastSeen),
        ['2026-11-27T00:58:00.000Z', '2026-11-27T00:57:00.000Z'],
        'the Timestamp it prints is the last one',
      );
    },
  );
}

test.serial(
  'the bounds hold: at most the limit of pods and events, troubled pods first, and a table is read whole for at most 12 pods',
  async (t) => {
    for (let i = 0; i < 20; i++)
      podOf(kube, 'shop', 'checkout', `bulk${String(i).padStart(2, '0')}`, i === 17 ? { reason: 'ImagePullBackOff' } : {});
    t.teardown(() => {
      for (let i = 0; i < 20; i++) kube.remove('v1', 'Pod', 'shop', `${crashing.replace(/-x2x8q$/, '')}-bulk${String(i).padStart(2, '0')}`);
    });
    const reads = viaMcp(table);
    const chain = await reads.resolveChain(alert());
    const before = table.calls.length;
    const pods = await reads.podFacts(chain, 3);
    const calls = table.calls.slice(before);
    t.is(pods.length, 3);
    t.deepEqual(
      pods.slice(0, 2).map((p) => p.containers[0]?.waiting),
      ['CrashLoopBackOff', 'ImagePullBackOff'],
      'the alert’s pod, then the troubled one from the table',
    );
    t.deepEqual(pods, await direct().podFacts(chain, 3));
    t.true(calls.filter((c) => c.tool === 'pods_get').length <= 13, 'the alert’s pod and at most 12 from the table');
    t.deepEqual(
      calls.find((c) => c.tool === 'pods_list_in_namespace')?.arguments,
      { namespace: 'shop', labelSelector: 'app=checkout' },
      'the workload’s selector narrows the list',
    );
    t.is((await reads.recentEvents({ kind: 'Pod', namespace: 'shop', name: crashing, container: null }, 1)).length, 1);
    t.like(table.calls.findLast((c) => c.tool === 'events_list')?.arguments, {
      namespace: 'shop',
      fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${crashing}`,
    });
  },
);

test.serial('only read tools are ever called, and the session refuses any other name before sending it', async (t) => {
  await everything(viaMcp(table));
  const writes = new Set(WRITE_TOOLS.map((w) => w.name));
  t.true(table.calls.length > 0);
  t.deepEqual(
    table.calls.filter((c) => writes.has(c.tool) || !(MCP_READ_TOOLS as readonly string[]).includes(c.tool)),
    [],
  );
  const session = createMcpSession({ url: table.url, token: () => TOKEN, timeoutMs: 2000 });
  t.teardown(() => session.close());
  const before = table.calls.length;
  for (const write of writes)
    await t.throwsAsync(session.call(write as McpReadTool, { name: 'x' }), { message: new RegExp(`^${write} is not a read tool`) });
  t.is(table.calls.length, before, 'nothing reached the server');
});

test.serial("the token file's token is sent as Bearer; without it the server refuses and the error names no token", async (t) => {
  const before = table.authorizations.length;
  await viaMcp(table).nodeFacts('worker-1');
  t.true(table.authorizations.slice(before).every((a) => a === `Bearer ${TOKEN}`));
  const refused = await t.throwsAsync(viaMcp(table, { mcpTokenFile: null }).nodeFacts('worker-1'));
  t.regex(refused?.message ?? '', /Unauthorized: Bearer token required/);
  t.false(JSON.stringify({ message: refused?.message, stack: refused?.stack }).includes(TOKEN));
});

test.serial("a URL's userinfo becomes Basic authentication and never appears in an error", async (t) => {
  const url = new URL(table.url);
  url.username = 'reader';
  url.password = 's3cret-pw';
  const reads = createMcpReads({ ...kubeSettingsFor(kube), mcpUrl: url.toString(), mcpTokenFile: null });
  const before = table.authorizations.length;
  const error = await t.throwsAsync(reads.nodeFacts('worker-1'));
  t.is(table.authorizations[before], `Basic ${Buffer.from('reader:s3cret-pw').toString('base64')}`);
  t.false(error?.message.includes('s3cret-pw'));
});
