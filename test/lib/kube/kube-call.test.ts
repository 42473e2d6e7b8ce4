import test from 'ava';
import { TransientError } from '../../../lib/errors/errors.ts';
import { kubeCall } from '../../../lib/kube/kube-call.ts';
import { createKubeClients } from '../../../lib/kube/kube-clients.ts';
import { kubeSettingsFor } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi } from '../../support/fake-kube-api.ts';

test('a call past its deadline is refused as transient and its HTTP request is aborted, not left open', async (t) => {
  const fake = await startFakeKubeApi();
  t.teardown(() => fake.close());
  const clients = await createKubeClients(kubeSettingsFor(fake));
  if (!clients) return t.fail('no clients');
  const closed = fake.stallNext('/api/v1/namespaces/shop/pods/web-1');
  const error = await t.throwsAsync(
    kubeCall('GET pod shop/web-1', 200, () => clients.core.readNamespacedPod({ namespace: 'shop', name: 'web-1' })),
  );
  t.true(error instanceof TransientError);
  t.is(error?.message, 'GET pod shop/web-1: no answer within 200 ms');
  // The server sees the connection closed by the client: the request was aborted at the deadline.
  const outcome = await Promise.race([closed.then(() => 'aborted'), new Promise((resolve) => setTimeout(resolve, 2000, 'still open'))]);
  t.is(outcome, 'aborted');
});

test('a call that answers in time returns its result and is not aborted afterwards', async (t) => {
  const fake = await startFakeKubeApi();
  t.teardown(() => fake.close());
  const clients = await createKubeClients(kubeSettingsFor(fake));
  if (!clients) return t.fail('no clients');
  const info = await kubeCall('GET /version', 2000, () => clients.make(clients.k8s.VersionApi).getCode());
  t.truthy(info.gitVersion);
});

test('an API error keeps its classification: a missing object is not a timeout', async (t) => {
  const fake = await startFakeKubeApi();
  t.teardown(() => fake.close());
  const clients = await createKubeClients(kubeSettingsFor(fake));
  if (!clients) return t.fail('no clients');
  const error = await t.throwsAsync(
    kubeCall('GET pod shop/none', 2000, () => clients.core.readNamespacedPod({ namespace: 'shop', name: 'none' })),
  );
  t.is((error as { failure?: string }).failure, 'not-found');
});
