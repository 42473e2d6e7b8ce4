import test from 'ava';
import { summarizeCapacity } from '../../../lib/slm/capacity-summary.ts';

const Gi = 2 ** 30;

test('the capacity summary gives each quota’s used of hard, each LimitRange maximum and the schedulable nodes’ requests, with units', (t) => {
  const summary = summarizeCapacity({
    namespace: 'shop',
    quotas: {
      known: true,
      value: [
        {
          name: 'compute',
          hard: { 'requests.memory': 8 * Gi, 'requests.cpu': 4, pods: 20 },
          used: { 'requests.memory': 7 * Gi, 'requests.cpu': 1.5 },
        },
      ],
    },
    limits: { known: true, value: [{ name: 'caps', type: 'Container', max: { cpu: 2, memory: 2 * Gi } }] },
    nodes: {
      known: true,
      value: [
        {
          name: 'a',
          schedulable: true,
          allocatable: { cpu: 8, memory: 32 * Gi, pods: 110 },
          requested: { cpu: 6, memory: 24 * Gi, pods: 30 },
        },
        {
          name: 'b',
          schedulable: true,
          allocatable: { cpu: 8, memory: 32 * Gi, pods: 110 },
          requested: { cpu: 2, memory: 8 * Gi, pods: 10 },
        },
        { name: 'c', schedulable: false, allocatable: { cpu: 8, memory: 32 * Gi, pods: 110 }, requested: { cpu: 0, memory: 0, pods: 0 } },
      ],
    },
  });
  t.deepEqual(summary, {
    quotas: ['compute: requests.memory 7Gi of 8Gi, requests.cpu 1500m of 4000m, pods 0 of 20'],
    limits: ['caps: at most 2000m cpu, 2Gi memory per container'],
    nodes:
      '2 of 3 nodes schedulable; requested cpu 8000m of 16000m (50%), memory 32Gi of 64Gi (50%); most free on one node: 6000m cpu, 24Gi memory (b)',
  });
});

test('what could not be read is said as unknown with the reason, cut short', (t) => {
  const why = `list ResourceQuotas in shop: resourcequotas is forbidden: ${'x'.repeat(300)}`;
  const summary = summarizeCapacity({
    namespace: 'shop',
    quotas: { known: false, why },
    limits: { known: true, value: [] },
    nodes: { known: false, why: 'more than 5000 running pods: node requests not summed' },
  });
  t.is(summary.quotas.length, 1);
  t.true(summary.quotas[0]?.startsWith('unknown: list ResourceQuotas in shop: resourcequotas is forbidden'));
  t.true((summary.quotas[0]?.length ?? 0) <= 'unknown: '.length + 160);
  t.deepEqual(summary.limits, []);
  t.is(summary.nodes, 'unknown: more than 5000 running pods: node requests not summed');
});
