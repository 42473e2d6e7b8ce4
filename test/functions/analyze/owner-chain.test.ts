import test from 'ava';
import { Registry } from 'prom-client';
import { makeHandler } from '../../../functions/analyze/handler.ts';
import { analyzeMetrics } from '../../../functions/analyze/metrics.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import { createClusterReads } from '../../../lib/kube/create-cluster.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { createOllamaLlm } from '../../../lib/slm/ollama-llm.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom, firingEvent } from '../../support/alerts.ts';
import { deployment, hpa, kubeSettingsFor, node, podOf } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { startFakeOllama, type FakeOllama } from '../../support/fake-ollama.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';

// analyze against a protocol-faithful API server: the owner chain is followed with read-only calls, and the facts
// it reads reach the prompt.
let kube: FakeKubeApi;
let ollama: FakeOllama;
let db: TestDatabase;
let store: Store;
const log = silentLogger();
test.before(async () => {
  [kube, ollama, db] = await Promise.all([startFakeKubeApi(), startFakeOllama(), testDatabase(defaultTestDriver())]);
  store = createStore(db.driver);
});
test.after.always(() => Promise.all([kube?.close(), ollama?.close(), db?.drop()]));
const handler = () =>
  makeHandler({
    store,
    cluster: createClusterReads(kubeSettingsFor(kube)),
    llm: createOllamaLlm({
      endpoint: ollama.url,
      model: 'granite3.1-dense:8b',
      temperature: 0.1,
      maxTokens: 256,
      timeoutMs: 2000,
      retryCount: 0,
      apiKey: null,
    }),
    dedupWindowMs: 1_800_000,
    declinedHoldMs: 4 * 3_600_000,
    oscillation: { windowMs: 6 * 3_600_000, approvalAt: 2, blockAt: 4 },
    cacheTtlMs: 0,
    claimLeaseMs: 60_000,
    metrics: analyzeMetrics(new Registry()),
    now: () => new Date(),
  });
const lastChat = () =>
  ollama.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
    messages: unknown;
    format: { properties: { action: { enum: string[] } } };
  };
const lastPrompt = () => JSON.stringify(lastChat().messages);

test.serial(
  'a crash-looping pod is followed Pod → ReplicaSet → Deployment; the facts reach the prompt; the target is verified',
  async (t) => {
    kube.add(deployment('shop', 'checkout', 3));
    const pod = podOf(kube, 'shop', 'checkout', 'x2x8q', { restarts: 4, reason: 'CrashLoopBackOff' });
    kube.add(hpa('shop', 'checkout', 'checkout', 2, 6));
    ollama.respond(() => ({
      content: JSON.stringify({ action: 'restart_deployment', parameters: {}, confidence: 0.8, reasoning: 'r', evidence: [] }),
    }));
    const before = kube.mutations().length;
    const reply = ActionRecommended.parse(
      await handler()(
        firingEvent(
          alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: pod.metadata?.name ?? '', container: 'checkout' }),
        ),
        { log },
      ),
    );
    t.deepEqual(reply.data.target, {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'checkout',
      container: 'checkout',
      verified: true,
      via: 'owner-chain',
    });
    t.is(kube.mutations().length, before, 'analyze only reads');
    const prompt = lastPrompt();
    t.regex(prompt, /CrashLoopBackOff/);
    t.regex(prompt, /OOMKilled/, 'the last termination reason of the pod');
    t.regex(prompt, /\\"maxReplicas\\": ?6/, 'the HPA that controls the workload');
    const allowed = lastChat().format.properties.action.enum;
    t.true(allowed.includes('adjust_hpa'), 'the HPA found through the cluster makes adjust_hpa applicable');
  },
);

test.serial("the namespace's quota and the nodes' room reach the prompt as a short capacity summary with units", async (t) => {
  kube.add(deployment('stock', 'ledger', 2));
  const pod = podOf(kube, 'stock', 'ledger', 'k3j9w', { restarts: 2 });
  kube.add(node('worker-1'));
  // Another test finds a node by the fixture's InternalIP: this one goes away after.
  t.teardown(() => kube.remove('v1', 'Node', null, 'worker-1'));
  const hard = { 'requests.memory': '8Gi', pods: '20' };
  kube.add({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'stock' },
    spec: { hard },
    status: { hard, used: { 'requests.memory': '7Gi', pods: '8' } },
  });
  ollama.respond(() => ({
    content: JSON.stringify({ action: 'collect_diagnostics', parameters: {}, confidence: 0.8, reasoning: 'r', evidence: [] }),
  }));
  await handler()(
    firingEvent(alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'stock', pod: pod.metadata?.name ?? '', container: 'ledger' })),
    { log },
  );
  const prompt = lastPrompt();
  t.regex(prompt, /capacity.*quotas.*compute: requests\.memory 7Gi of 8Gi, pods 8 of 20/);
  t.regex(
    prompt,
    /1 of 1 nodes schedulable; requested cpu 0m of 8000m \(0%\), memory 0Mi of 32Gi \(0%\); most free on one node: 8000m cpu, 32Gi memory \(worker-1\)/,
  );
});

test.serial('a pod that is gone keeps the label-derived workload, unverified', async (t) => {
  kube.add(deployment('shop', 'cart', 2));
  ollama.respond(() => ({
    content: JSON.stringify({ action: 'restart_deployment', parameters: {}, confidence: 0.8, reasoning: 'r', evidence: [] }),
  }));
  const reply = ActionRecommended.parse(
    await handler()(firingEvent(alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'cart-7c9d5b8f6-zzzzz' })), { log }),
  );
  t.like(reply.data.target, { kind: 'Deployment', name: 'cart', verified: false, via: 'inferred' });
});

test.serial("node-exporter's address names a node: the node with that InternalIP is found", async (t) => {
  kube.add(node('worker-3'));
  ollama.respond(() => ({
    content: JSON.stringify({ action: 'collect_diagnostics', parameters: {}, confidence: 0.8, reasoning: 'r', evidence: [] }),
  }));
  const reply = ActionRecommended.parse(
    await handler()(
      firingEvent(
        alertFrom({
          alertname: 'NodeNetworkReceiveErrs',
          job: 'node-exporter',
          namespace: 'monitoring',
          pod: 'node-exporter-9zq4m',
          instance: '10.0.4.17:9100',
        }),
      ),
      { log },
    ),
  );
  t.like(reply.data.target, { kind: 'Node', name: 'worker-3', namespace: null, verified: true });
});

test.serial('without read access the analysis degrades to the labels, it does not fail', async (t) => {
  kube.forbid({ verb: '*', resource: 'pods' });
  ollama.respond(() => ({
    content: JSON.stringify({ action: 'restart_deployment', parameters: {}, confidence: 0.8, reasoning: 'r', evidence: [] }),
  }));
  const reply = ActionRecommended.parse(
    await handler()(firingEvent(alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-7c9d5b8f6-qqqqq' })), { log }),
  );
  t.like(reply.data.target, { kind: 'Deployment', name: 'api', verified: false });
  t.is(reply.data.provenance.source, 'slm');
});
