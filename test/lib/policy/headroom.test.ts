import test from 'ava';
import type { NodeRoom } from '../../../lib/domain/capacity-facts.ts';
import { addedRequests } from '../../../lib/policy/added-requests.ts';
import {
  capacityFindings,
  fitFindings,
  formatAmount,
  headroomFindings,
  limitFindings,
  quotaFindings,
} from '../../../lib/policy/headroom.ts';
import { workload } from './policy-input.ts';

const Gi = 2 ** 30;
const Mi = 2 ** 20;
const api = (memory: number, cpu = 0.25) => [{ name: 'api', requests: { cpu, memory }, limits: { cpu: 0.5, memory: 512 * Mi } }];
const room = (name: string, allocatable: [number, number], requested: [number, number], schedulable = true): NodeRoom => ({
  name,
  schedulable,
  allocatable: { cpu: allocatable[0], memory: allocatable[1], pods: 110 },
  requested: { cpu: requested[0], memory: requested[1], pods: 10 },
});

test('scaling 4 → 6 adds two pods with the workload’s requests and limits', (t) => {
  const added = addedRequests([{ dimension: 'replicas', before: 4, after: 6 }], workload());
  t.deepEqual(added, {
    known: true,
    value: {
      total: { pods: 2, 'requests.cpu': 0.5, 'requests.memory': 512 * Mi, 'limits.cpu': 1, 'limits.memory': Gi },
      pods: 2,
      pod: api(256 * Mi),
    },
  });
});

test('raising a container’s memory request raises it on every replica, its limit by the same factor; a scale-down adds nothing', (t) => {
  const added = addedRequests([{ dimension: 'api memory (Mi)', before: 256, after: 384 }], workload());
  t.true(added.known);
  if (!added.known) return;
  t.deepEqual(added.value.total, { 'requests.memory': 4 * 128 * Mi, 'limits.memory': 4 * 256 * Mi });
  t.deepEqual(added.value.pod?.[0]?.limits, { cpu: 0.5, memory: 768 * Mi });
  const down = addedRequests([{ dimension: 'replicas', before: 4, after: 2 }], workload());
  t.deepEqual(down.known && down.value.total, {});
});

test('a claim’s growth adds requested storage; a change on pods of an unread workload is unknown', (t) => {
  t.deepEqual(addedRequests([{ dimension: 'storage (Gi)', before: 10, after: 15 }], null), {
    known: true,
    value: { total: { 'requests.storage': 5 * Gi }, pods: 0, pod: null },
  });
  t.deepEqual(addedRequests([{ dimension: 'replicas', before: 1, after: 2 }], null), {
    known: false,
    why: "the workload's pods could not be read",
  });
  t.deepEqual(addedRequests([{ dimension: 'replicas', before: 1, after: 2 }], workload({ replicas: null })), {
    known: false,
    why: "the workload's replica count is unknown",
  });
});

test('amounts read as Gi, Mi, millicores and counts', (t) => {
  t.deepEqual(
    [
      formatAmount('requests.memory', 9 * Gi),
      formatAmount('limits.memory', 1.5 * Gi),
      formatAmount('requests.memory', 768 * Mi),
      formatAmount('requests.cpu', 2.5),
      formatAmount('pods', 3),
    ],
    ['9Gi', '1.5Gi', '768Mi', '2500m', '3'],
  );
});

test('a quota the change would pass is refused with the numbers; one it fits passes with them', (t) => {
  const quota = { name: 'compute', hard: { 'requests.memory': 8 * Gi, pods: 20 }, used: { 'requests.memory': 7 * Gi, pods: 8 } };
  t.deepEqual(quotaFindings([quota], { 'requests.memory': 2 * Gi, pods: 2 }, 'shop'), [
    { verdict: 'block', reason: "ResourceQuota shop/compute: requests.memory would be 9Gi of the quota's 8Gi (used 7Gi + 2Gi)" },
    { verdict: 'pass', reason: 'ResourceQuota shop/compute: pods 10 of 20' },
  ]);
  t.deepEqual(
    quotaFindings([quota], { 'requests.memory': Gi }, 'shop').map((f) => f.verdict),
    ['pass'],
  );
  t.deepEqual(quotaFindings([quota], { 'limits.cpu': 4 }, 'shop'), [], 'a resource the quota does not limit is not its concern');
});

test('a pod over a LimitRange maximum is refused; within it nothing is said', (t) => {
  const limits = [
    { name: 'caps', type: 'Container' as const, max: { memory: 512 * Mi } },
    { name: 'caps', type: 'Pod' as const, max: { cpu: 2 } },
  ];
  t.deepEqual(limitFindings(limits, api(256 * Mi), 'shop'), []);
  t.deepEqual(limitFindings(limits, [{ name: 'api', requests: { memory: 600 * Mi }, limits: { memory: 900 * Mi } }], 'shop'), [
    {
      verdict: 'block',
      reason:
        "container api's memory request would be 600Mi, container api's memory limit would be 900Mi; LimitRange shop/caps allows at most 512Mi per container: the API server would refuse the pods",
    },
  ]);
});

test('a pod bigger than every node is refused, one no schedulable node has room for waits for a person, one that fits passes', (t) => {
  const nodes = [room('a', [8, 32 * Gi], [7.5, 30 * Gi]), room('b', [8, 32 * Gi], [2, 4 * Gi], false)];
  t.deepEqual(fitFindings(nodes, api(40 * Gi)), [
    {
      verdict: 'block',
      reason: 'a new pod would request 250m cpu and 40Gi memory; the largest node (a) allocates 32Gi memory: it cannot be scheduled',
    },
  ]);
  t.deepEqual(fitFindings(nodes, api(4 * Gi)), [
    {
      verdict: 'approval',
      reason:
        'a new pod would request 250m cpu and 4Gi memory; the most free is 500m cpu and 2Gi memory on a: it would stay Pending until room frees',
    },
  ]);
  t.is(fitFindings(nodes, api(Gi))[0]?.verdict, 'pass');
});

test('cluster headroom under the policy’s fraction after the change waits for a person, above it passes', (t) => {
  const nodes = [room('a', [8, 32 * Gi], [4, 28 * Gi]), room('b', [8, 32 * Gi], [4, 28 * Gi]), room('c', [8, 32 * Gi], [0, 0], false)];
  t.deepEqual(headroomFindings(nodes, { 'requests.memory': 2 * Gi }, 0.1), [
    {
      verdict: 'approval',
      reason:
        'cluster memory headroom after the change would be 9% (6Gi of 64Gi allocatable left on 2 schedulable node(s), after +2Gi); the policy wants at least 10%',
    },
  ]);
  t.deepEqual(headroomFindings(nodes, { 'requests.cpu': 1 }, 0.1), [
    {
      verdict: 'pass',
      reason:
        'cluster cpu headroom after the change would be 44% (7000m of 16000m allocatable left on 2 schedulable node(s), after +1000m)',
    },
  ]);
});

test('what could not be read is said as unknown, for a person to decide', (t) => {
  const added = addedRequests([{ dimension: 'replicas', before: 4, after: 5 }], workload());
  if (!added.known) return t.fail();
  const findings = capacityFindings(
    {
      namespace: 'shop',
      quotas: { known: false, why: 'resourcequotas is forbidden' },
      limits: { known: true, value: [] },
      nodes: { known: false, why: 'more than 500 Nodes' },
    },
    added.value,
    0.1,
  );
  t.deepEqual(findings, [
    { verdict: 'approval', reason: 'ResourceQuotas in shop unknown (resourcequotas is forbidden)' },
    { verdict: 'approval', reason: 'node room unknown (more than 500 Nodes)' },
  ]);
});
