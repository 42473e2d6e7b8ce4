import test from 'ava';
import { deploymentFromReplicaSet, ownerFromPodName } from '../../../lib/alertmanager/owner-from-pod-name.ts';

test('a Deployment pod name (template hash and suffix) gives the Deployment', (t) => {
  t.deepEqual(ownerFromPodName('staging', 'webapp-5f7d9c6b4-k2m9p'), {
    kind: 'Deployment',
    namespace: 'staging',
    name: 'webapp',
    inferred: true,
  });
  t.is(ownerFromPodName('payments', 'ledger-6d8f7b9c5-7xq2w')?.name, 'ledger');
});

test('a StatefulSet pod name (ordinal) gives the StatefulSet', (t) => {
  t.deepEqual(ownerFromPodName('data', 'kafka-12'), { kind: 'StatefulSet', namespace: 'data', name: 'kafka', inferred: true });
});

test('ambiguous shapes give nothing rather than a wrong guess', (t) => {
  t.is(ownerFromPodName('monitoring', 'node-exporter-9zq4m'), null);
  t.is(ownerFromPodName('x', 'standalone'), null);
  // "aeiou" never appears in generated names: this is not a template hash.
  t.is(ownerFromPodName('x', 'web-aeiouaei-k2m9p'), null);
});

test('a guess that would not be a valid object name gives nothing (a pod named web--0 is not owned by "web-")', (t) => {
  t.is(ownerFromPodName('x', 'web--0'), null);
  t.is(ownerFromPodName('x', 'api--5f7d9c6b4-k2m9p'), null);
  t.is(deploymentFromReplicaSet('api--7c9d5b8f6'), null);
});

test('a ReplicaSet name gives its Deployment', (t) => {
  t.is(deploymentFromReplicaSet('checkout-api-7c9d5b8f6'), 'checkout-api');
  t.is(deploymentFromReplicaSet('plain'), null);
});
