import test from 'ava';
import { evaluatePolicy } from '../../../lib/policy/evaluate-policy.ts';
import { input, proposal } from './policy-input.ts';

test('all gates passing: perform, with every applicable verdict recorded', (t) => {
  const d = evaluatePolicy(input(proposal('restart_deployment')));
  t.is(d.decision, 'perform');
  t.true(d.verdicts.every((v) => v.verdict === 'pass'));
  t.true(d.verdicts.some((v) => v.gate === 'cooldown'));
  t.false(
    d.verdicts.some((v) => v.gate === 'bounds'),
    'restart has no bounded parameters',
  );
});

test('any block rejects, and the gates after it still record their verdicts', (t) => {
  const d = evaluatePolicy(input(proposal('restart_deployment', {}, { namespace: 'kube-system' }), { lockHeldByOther: true }));
  t.is(d.decision, 'reject');
  t.deepEqual(
    d.verdicts.filter((v) => v.verdict === 'block').map((v) => v.gate),
    ['protected_namespace', 'in_flight'],
  );
});

test('a block wins over dry-run and approval; dry-run over approval', (t) => {
  t.is(evaluatePolicy(input(proposal('rollback_deployment'), { alertStatus: 'resolved' }, {}, true)).decision, 'reject');
  t.is(evaluatePolicy(input(proposal('rollback_deployment'), {}, {}, true)).decision, 'dry_run');
  t.is(evaluatePolicy(input(proposal('rollback_deployment'))).decision, 'approval');
});

test('clamped parameters are what later gates and the action use', (t) => {
  const d = evaluatePolicy(input(proposal('scale_deployment', { replicas: 500 }), {}, { bounds: { clamp: true } }));
  t.deepEqual(d.parameters, { replicas: 8 });
  t.is(d.decision, 'perform');
});

test('notify_only and collect_diagnostics run even in approval or dry-run scopes (they change nothing), but not when off', (t) => {
  const notify = proposal('notify_only', {}, { severity: 'critical' });
  t.is(evaluatePolicy(input(notify)).decision, 'perform');
  t.is(evaluatePolicy(input(proposal('collect_diagnostics'), { clusterAvailable: false })).decision, 'perform');
  t.is(evaluatePolicy(input(notify, {}, { modes: [{ mode: 'off' }] })).decision, 'reject');
});
