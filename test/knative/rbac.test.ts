import test from 'ava';
import { FUNCTION_PERMISSIONS } from '../../lib/catalog/function-permissions.ts';
import { loadKnative, rbacProblems, withEdit } from './manifest-checks.ts';

const manifests = loadKnative();
type Rules = { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
const rulesOf = (name: string, change: (r: Rules['rules']) => void) =>
  withEdit(manifests, 'ClusterRole', name, (m) => change((m as unknown as Rules).rules));

test('each function is granted exactly what FUNCTION_PERMISSIONS declares, and ingest and dead-letter nothing', (t) => {
  t.deepEqual(rbacProblems(manifests, FUNCTION_PERMISSIONS), []);
});

test('ingest and dead-letter have no role, no binding and no mounted token', (t) => {
  const bound = manifests
    .filter((m) => m.kind.endsWith('RoleBinding'))
    .flatMap((b) => ((b.subjects ?? []) as { name: string }[]).map((s) => s.name));
  t.false(bound.includes('alerts-slm-ingest'));
  t.false(bound.includes('alerts-slm-dead-letter'));
  const accounts = manifests.filter(
    (m) => m.kind === 'ServiceAccount' && ['alerts-slm-ingest', 'alerts-slm-dead-letter'].includes(m.metadata.name),
  );
  t.deepEqual(
    accounts.map((a) => a.automountServiceAccountToken),
    [false, false],
  );
});

test('a verb FUNCTION_PERMISSIONS does not declare is reported', (t) => {
  const broken = rulesOf('alerts-slm-analyze', (rules) => {
    rules[0]?.verbs.push('delete');
  });
  t.deepEqual(
    rbacProblems(broken, FUNCTION_PERMISSIONS),
    ['events', 'limitranges', 'nodes', 'pods', 'resourcequotas']
      .map((r) => `RBAC grants analyze "core delete ${r}"`)
      .map((p) => `${p}, which FUNCTION_PERMISSIONS does not declare`),
  );
});

test('a resource FUNCTION_PERMISSIONS does not declare is reported', (t) => {
  const broken = rulesOf('alerts-slm-assess', (rules) => {
    rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] });
  });
  t.deepEqual(rbacProblems(broken, FUNCTION_PERMISSIONS), [
    'RBAC grants assess "core get secrets", which FUNCTION_PERMISSIONS does not declare',
  ]);
});

test('a permission FUNCTION_PERMISSIONS declares but RBAC misses is reported', (t) => {
  const broken = rulesOf('alerts-slm-execute', (rules) => {
    const scale = rules.find((r) => r.resources.includes('deployments/scale'));
    if (scale) scale.verbs = ['get'];
  });
  t.deepEqual(rbacProblems(broken, FUNCTION_PERMISSIONS), [
    'RBAC does not grant execute "apps patch deployments/scale", which FUNCTION_PERMISSIONS declares',
    'RBAC does not grant execute "apps patch statefulsets/scale", which FUNCTION_PERMISSIONS declares',
  ]);
});

test('binding ingest to a role is reported, since ingest may not touch the Kubernetes API', (t) => {
  const broken = withEdit(manifests, 'ClusterRoleBinding', 'alerts-slm-analyze', (m) => {
    (m.subjects as { kind: string; name: string; namespace: string }[]).push({
      kind: 'ServiceAccount',
      name: 'alerts-slm-ingest',
      namespace: 'alerts-slm',
    });
  });
  t.true(
    rbacProblems(broken, FUNCTION_PERMISSIONS).includes('RBAC grants ingest "core get pods", which FUNCTION_PERMISSIONS does not declare'),
  );
});
