import test from 'ava';
import { CATALOG } from '../../../lib/catalog/catalog.ts';
import { changesBetween, dimensionsOf } from '../../../lib/catalog/dimensions.ts';

const workload = (replicas: number | undefined, memory: string, cpu = '500m') => ({
  ...(replicas === undefined ? {} : { replicas }),
  template: {
    spec: {
      containers: [
        { name: 'api', resources: { requests: { memory, cpu } } },
        { name: 'proxy', resources: {} },
      ],
    },
  },
});

test('a workload measures its replicas and each container’s requests in Mi and millicores', (t) => {
  t.deepEqual(dimensionsOf('Deployment', workload(4, '512Mi')), { replicas: 4, 'api memory (Mi)': 512, 'api cpu (m)': 500 });
  t.is(dimensionsOf('Deployment', workload(undefined, '1Gi')).replicas, 1, 'Kubernetes defaults replicas to 1');
  t.false('replicas' in dimensionsOf('DaemonSet', workload(undefined, '1Gi')));
});

test('an HPA measures its bounds, a claim its size; other kinds and unreadable quantities measure nothing', (t) => {
  t.deepEqual(dimensionsOf('HorizontalPodAutoscaler', { maxReplicas: 10 }), { minReplicas: 1, maxReplicas: 10 });
  t.deepEqual(dimensionsOf('PersistentVolumeClaim', { resources: { requests: { storage: '150Gi' } } }), { 'storage (Gi)': 150 });
  t.deepEqual(dimensionsOf('Node', { unschedulable: true }), {});
  t.deepEqual(dimensionsOf('Deployment', workload(2, 'lots')), { replicas: 2, 'api cpu (m)': 500 });
});

test('what an action moved is every number that differs before and after', (t) => {
  const at = new Date('2026-12-06T00:00:00Z');
  t.deepEqual(changesBetween('Deployment', workload(4, '512Mi'), workload(6, '512Mi'), at), [
    { dimension: 'replicas', at, before: 4, after: 6 },
  ]);
  t.deepEqual(
    changesBetween('Deployment', workload(4, '512Mi'), workload(4, '768Mi', '1'), at).map((c) => [c.dimension, c.before, c.after]),
    [
      ['api memory (Mi)', 512, 768],
      ['api cpu (m)', 500, 1000],
    ],
  );
  t.deepEqual(changesBetween('Deployment', workload(4, '512Mi'), workload(4, '512Mi'), at), []);
});

test('the catalog declares what each moving action proposes, from its parameters and the dimensions now', (t) => {
  const now = dimensionsOf('Deployment', workload(4, '512Mi'));
  t.deepEqual(CATALOG.scale_deployment.proposes?.({ replicas: 6 }, now, 'api'), [{ dimension: 'replicas', before: 4, after: 6 }]);
  t.deepEqual(CATALOG.increase_resources.proposes?.({ resource: 'memory', increase_percent: 50 }, now, 'api'), [
    { dimension: 'api memory (Mi)', before: 512, after: 768 },
  ]);
  t.deepEqual(
    CATALOG.increase_resources.proposes?.({ resource: 'cpu', increase_percent: 50 }, now, null),
    [],
    'no container: nothing measurable',
  );
  t.deepEqual(CATALOG.adjust_hpa.proposes?.({ max_replicas: 12 }, { minReplicas: 2, maxReplicas: 10 }, null), [
    { dimension: 'maxReplicas', before: 10, after: 12 },
  ]);
  t.deepEqual(CATALOG.expand_pvc.proposes?.({ increase_percent: 50 }, { 'storage (Gi)': 100 }, null), [
    { dimension: 'storage (Gi)', before: 100, after: 150 },
  ]);
  t.deepEqual(CATALOG.scale_deployment.proposes?.({ replicas: 6 }, {}, null), [], 'unmeasured now: nothing');
  t.is(CATALOG.restart_deployment.proposes, undefined, 'a restart moves no number');
});
