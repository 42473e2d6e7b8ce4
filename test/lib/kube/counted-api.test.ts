import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeApiRequest, type KubeRequestCounter } from '../../../lib/kube/counted-api.ts';
import { createKubeClients } from '../../../lib/kube/kube-clients.ts';
import { deployment, kubeSettingsFor, podOf } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { refusedUrl } from '../../support/fake-model-http.ts';

// The verb and resource RBAC would name for each request (kubectl auth can-i <verb> <resource>).
const cases: [string, string, { verb: string; resource: string }][] = [
  ['GET', 'https://k/apis/apps/v1/namespaces/shop/deployments/web', { verb: 'get', resource: 'deployments' }],
  ['GET', 'https://k/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb', { verb: 'list', resource: 'pods' }],
  ['GET', 'https://k/api/v1/pods?watch=true', { verb: 'watch', resource: 'pods' }],
  ['GET', 'https://k/api/v1/namespaces/shop/pods/web-1/log?container=app', { verb: 'get', resource: 'pods/log' }],
  ['PATCH', 'https://k/apis/apps/v1/namespaces/shop/deployments/web/scale', { verb: 'patch', resource: 'deployments/scale' }],
  ['POST', 'https://k/api/v1/namespaces/shop/pods/web-1/eviction', { verb: 'create', resource: 'pods/eviction' }],
  ['POST', 'https://k/api/v1/namespaces/shop/events', { verb: 'create', resource: 'events' }],
  [
    'PUT',
    'https://k/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web',
    { verb: 'update', resource: 'horizontalpodautoscalers' },
  ],
  ['DELETE', 'https://k/api/v1/namespaces/shop/pods/web-1', { verb: 'delete', resource: 'pods' }],
  ['DELETE', 'https://k/api/v1/namespaces/shop/pods', { verb: 'deletecollection', resource: 'pods' }],
  ['GET', 'https://k/api/v1/nodes/n1', { verb: 'get', resource: 'nodes' }],
  ['GET', 'https://k/api/v1/namespaces/shop', { verb: 'get', resource: 'namespaces' }],
  ['GET', 'https://k/api/v1/namespaces', { verb: 'list', resource: 'namespaces' }],
  ['GET', 'https://rancher/k8s/clusters/c-1/apis/storage.k8s.io/v1/storageclasses/fast', { verb: 'get', resource: 'storageclasses' }],
  ['GET', 'https://k/version', { verb: 'get', resource: 'unknown' }],
];
for (const [method, url, expected] of cases) {
  test(`${method} ${new URL(url).pathname}${new URL(url).search} is ${expected.verb} ${expected.resource}`, (t) => {
    t.deepEqual(describeApiRequest(method, url), expected);
  });
}

const recorder = () => {
  const seen: string[] = [];
  const counter: KubeRequestCounter = { inc: ({ verb, resource, code }) => void seen.push(`${verb} ${resource} ${code}`) };
  return { seen, counter };
};

let fake: FakeKubeApi;
test.before(async () => {
  fake = await startFakeKubeApi();
  fake.add(deployment('shop', 'web', 2));
  podOf(fake, 'shop', 'web', 'a1b2c');
});
test.after.always(() => fake?.close());

test('every request the real client sends is counted once, with the status the API server answered', async (t) => {
  const { seen, counter } = recorder();
  const c = (await createKubeClients(kubeSettingsFor(fake), counter))!;
  await c.apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
  await c.core.listNamespacedPod({ namespace: 'shop' });
  await t.throwsAsync(c.core.readNamespacedPod({ name: 'gone', namespace: 'shop' }));
  const options = c.k8s.setHeaderOptions('Content-Type', c.k8s.PatchStrategy.MergePatch);
  await c.apps.patchNamespacedDeploymentScale({ name: 'web', namespace: 'shop', body: { spec: { replicas: 3 } } }, options);
  t.deepEqual(seen, ['get deployments 200', 'list pods 200', 'get pods 404', 'patch deployments/scale 200']);
  t.deepEqual(
    fake.requests.slice(-4).map((r) => r.status),
    [200, 200, 404, 200],
  );
});

test('a request that got no answer is counted as error', async (t) => {
  const { seen, counter } = recorder();
  // The fake's credentials, pointed at a port nobody listens on.
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-refused-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, fake.kubeconfigYaml().replace(fake.url, await refusedUrl()));
  const c = (await createKubeClients({ ...kubeSettingsFor(fake), kubeconfig }, counter))!;
  await t.throwsAsync(c.core.readNode({ name: 'n1' }));
  t.deepEqual(seen, ['get nodes error']);
});

test('without a counter the clients are the library’s own, and still work', async (t) => {
  const c = (await createKubeClients(kubeSettingsFor(fake)))!;
  t.is((await c.apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' })).metadata?.name, 'web');
});
