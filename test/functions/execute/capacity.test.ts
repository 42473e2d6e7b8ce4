import test from 'ava';
import { deployment } from '../../support/cluster-fixture.ts';
import { useExecuteFixture } from './fixture.ts';
import { recommendation } from './harness.ts';

// The headroom gate end to end: execute reads the namespace's quota before a scale-up and the fake API server records
// whether anything was changed. checkout's pods each request 576Mi and 550m (its container and a proxy sidecar).
const f = useExecuteFixture();
let ns = 0;
const fresh = (used: string, hard = '3Gi') => {
  const n = `capacity-${++ns}`;
  f.fake.add(deployment(n, 'checkout', 4));
  f.fake.add({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: n },
    spec: { hard: { 'requests.memory': hard } },
    status: { hard: { 'requests.memory': hard }, used: { 'requests.memory': used } },
  });
  return { kind: 'Deployment' as const, namespace: n, name: 'checkout', container: 'checkout' };
};
const scaleTo = (replicas: number) => ({ parameters: { replicas } });
// The changes sent to one test's namespace (the tests run at once on one server).
const changesIn = (namespace: string, from: number) => f.mutationsSince(from).filter((r) => r.path.includes(`/namespaces/${namespace}/`));

test('a scale-up the namespace quota would refuse is refused with the numbers, and nothing is patched', async (t) => {
  const target = fresh('2304Mi');
  const from = f.fake.requests.length;
  const out = await f.execute(await recommendation(f.store, 'scale_deployment', target, scaleTo(6)));
  t.is(out.status, 'rejected');
  t.deepEqual(
    out.verdicts.find((v) => v.gate === 'headroom'),
    {
      gate: 'headroom',
      verdict: 'block',
      reason: `ResourceQuota ${target.namespace}/compute: requests.memory would be 3.38Gi of the quota's 3Gi (used 2.25Gi + 1.13Gi)`,
    },
  );
  t.deepEqual(changesIn(target.namespace, from), []);
  t.true(
    f.fake.requests.slice(from).some((r) => r.path === `/api/v1/namespaces/${target.namespace}/resourcequotas` && r.query.limit === '20'),
  );
});

test('the same scale-up within the quota is performed, the verdict giving what it leaves', async (t) => {
  const target = fresh('2304Mi', '4Gi');
  const from = f.fake.requests.length;
  const out = await f.execute(await recommendation(f.store, 'scale_deployment', target, scaleTo(6)));
  t.is(out.status, 'succeeded');
  t.regex(
    out.verdicts.find((v) => v.gate === 'headroom')?.reason ?? '',
    /^ResourceQuota capacity-\d+\/compute: requests.memory 3.38Gi of 4Gi; a new pod would request 550m cpu and 576Mi memory; a schedulable node has room; cluster cpu headroom/,
  );
  t.deepEqual(
    changesIn(target.namespace, from).map((r) => `${r.method} ${r.path}`),
    [`PATCH /apis/apps/v1/namespaces/${target.namespace}/deployments/checkout/scale`],
  );
});

test('a quota execute may not read (403) sends the scale-up to a person with the reason, and nothing is patched', async (t) => {
  const target = fresh('0');
  f.fake.forbid({ verb: 'list', resource: 'resourcequotas', namespace: target.namespace });
  const from = f.fake.requests.length;
  const out = await f.execute(await recommendation(f.store, 'scale_deployment', target, scaleTo(5)));
  t.is(out.status, 'approval_required');
  t.is(
    out.verdicts.find((v) => v.gate === 'headroom')?.reason,
    `ResourceQuotas in ${target.namespace} unknown (list ResourceQuotas in ${target.namespace}: resourcequotas is forbidden: User "system:serviceaccount:alerts-slm:alerts-slm-execute" cannot list resource "resourcequotas" in API group "" in the namespace "${target.namespace}"); a person decides`,
  );
  t.deepEqual(changesIn(target.namespace, from), []);
});
