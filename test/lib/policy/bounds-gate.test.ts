import test from 'ava';
import { bounds } from '../../../lib/policy/bounds-gate.ts';
import { input, proposal, workload } from './policy-input.ts';

const hpa = { name: 'api', minReplicas: 2, maxReplicas: 10, currentReplicas: 10, desiredReplicas: 10 };

test('a scale step larger than the absolute or relative maximum is refused', (t) => {
  t.regex(
    bounds.check(input(proposal('scale_deployment', { replicas: 10 }))).reason,
    /4 → 10 is a step of 6; the largest allowed is 4 \(5 or 100%\)/,
  );
  t.is(bounds.check(input(proposal('scale_deployment', { replicas: 8 }))).verdict, 'pass');
  t.is(bounds.check(input(proposal('scale_deployment', { replicas: 0 }))).verdict, 'block', 'below the minimum of 1');
});

test('with clamping on, out-of-bound replicas are brought within bounds and the reason says so', (t) => {
  const r = bounds.check(input(proposal('scale_deployment', { replicas: 500 }), {}, { bounds: { clamp: true } }));
  t.is(r.verdict, 'pass');
  t.deepEqual(r.parameters, { replicas: 8 });
  t.regex(r.reason, /clamped: replicas 500 → 8 \(replicas 500 is above the maximum of 20; replicas 4 → 20 is a step of 16/);
});

test('a memory increase past the absolute cap is refused, or clamped to the cap', (t) => {
  const big = proposal('increase_resources', { resource: 'memory', increase_percent: 100 });
  const small = workload({ containers: [{ name: 'api', requests: { cpu: null, memory: '4Gi' }, limits: { cpu: null, memory: '6Gi' } }] });
  t.regex(bounds.check(input(big, { workload: small })).reason, /memory 6Gi \+100% would pass the cap of 8Gi/);
  t.deepEqual(bounds.check(input(big, { workload: small }, { bounds: { clamp: true } })).parameters, {
    resource: 'memory',
    increase_percent: 33,
  });
  t.is(bounds.check(input(big)).verdict, 'pass', '512Mi doubled stays under 8Gi');
  t.is(
    bounds.check(input(proposal('increase_resources', { resource: 'cpu', increase_percent: 150 }))).verdict,
    'block',
    'relative cap 100%',
  );
});

test('an increase on an unclear container is refused', (t) => {
  const two = workload({
    containers: [
      { name: 'a', requests: { cpu: null, memory: null }, limits: { cpu: null, memory: '1Gi' } },
      { name: 'b', requests: { cpu: null, memory: null }, limits: { cpu: null, memory: '1Gi' } },
    ],
  });
  const p = proposal(
    'increase_resources',
    { resource: 'memory', increase_percent: 20 },
    { target: { kind: 'Deployment', namespace: 'shop', name: 'api', container: null, verified: true, via: 'labels' } },
  );
  t.regex(bounds.check(input(p, { workload: two })).reason, /which container to change is unclear/);
});

test("an HPA's new bounds are judged against its current ones", (t) => {
  const target = {
    kind: 'HorizontalPodAutoscaler' as const,
    namespace: 'shop',
    name: 'api',
    container: null,
    verified: true,
    via: 'labels' as const,
  };
  const w = workload({ hpa });
  t.is(bounds.check(input(proposal('adjust_hpa', { max_replicas: 15 }, { target }), { workload: w })).verdict, 'pass');
  t.regex(
    bounds.check(input(proposal('adjust_hpa', { max_replicas: 19 }, { target }), { workload: w })).reason,
    /max_replicas 10 → 19 is a step of 9/,
  );
});

test('volume growth is capped relatively and absolutely', (t) => {
  const target = {
    kind: 'PersistentVolumeClaim' as const,
    namespace: 'data',
    name: 'data-0',
    container: null,
    verified: true,
    via: 'labels' as const,
  };
  const pvc = {
    namespace: 'data',
    name: 'data-0',
    requested: '800Gi',
    capacity: '800Gi',
    storageClass: 'fast',
    expandable: true,
    phase: 'Bound',
  };
  t.regex(
    bounds.check(input(proposal('expand_pvc', { increase_percent: 50 }, { target, namespace: 'data' }), { pvc })).reason,
    /800Gi \+50% would pass the 1Ti cap/,
  );
  t.is(bounds.check(input(proposal('expand_pvc', { increase_percent: 25 }, { target, namespace: 'data' }), { pvc })).verdict, 'pass');
});
