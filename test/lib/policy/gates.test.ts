import test from 'ava';
import { GATES } from '../../../lib/policy/evaluate-policy.ts';
import { bounds } from '../../../lib/policy/bounds-gate.ts';
import { blastRadius, globalConcurrency, inFlight, rateSpike } from '../../../lib/policy/capacity-gates.ts';
import type { Gate, GateInput } from '../../../lib/policy/gate.ts';
import { consecutiveFailures, cooldown, declinedHold, ineffectiveChain, measuredEffectiveness } from '../../../lib/policy/history-gates.ts';
import { gitopsOwnership, hpaConflict } from '../../../lib/policy/ownership-gates.ts';
import { analyseOscillation } from '../../../lib/domain/oscillation.ts';
import { oscillation } from '../../../lib/policy/oscillation-gate.ts';
import { headroom } from '../../../lib/policy/headroom-gate.ts';
import type { CapacityFacts } from '../../../lib/domain/capacity-facts.ts';
import { parametersValid } from '../../../lib/policy/parameters-gate.ts';
import {
  actionAllowlist,
  autonomy,
  minimumConfidence,
  namespaceAllowlist,
  protectedNamespace,
  riskAutonomy,
} from '../../../lib/policy/scope-gates.ts';
import { alertStillFiring, targetExists } from '../../../lib/policy/state-gates.ts';
import { input, proposal, workload } from './policy-input.ts';

const restart = proposal('restart_deployment');
const memory = proposal('increase_resources', { resource: 'memory', increase_percent: 50 });
const scale = (replicas: number) => proposal('scale_deployment', { replicas });
const node = { kind: 'Node' as const, namespace: null, name: 'worker-1', container: null, verified: true, via: 'labels' as const };
const minutesAgo = (m: number) => new Date(new Date('2026-11-27T12:00:00Z').getTime() - m * 60_000);

// Replicas 4 → 6 → 5 → … → the proposed value, one change every 20 minutes up to now, as the oscillation gate sees it.
const swing = (...values: number[]) => {
  const at = (i: number) => minutesAgo((values.length - 1 - i) * 20);
  const steps = values.slice(1).map((after, i) => ({ dimension: 'replicas', at: at(i + 1), before: values[i] ?? 0, after }));
  const proposed = steps.pop();
  return analyseOscillation(steps, minutesAgo(0), { windowMs: 6 * 3_600_000, approvalAt: 2, blockAt: 4 }, proposed ? [proposed] : []);
};

// shop's quota (8Gi of requests.memory, 7Gi used) and two 8-core, 32Gi nodes with 16Gi requested on each.
const Gi = 2 ** 30;
const room = (name: string) => ({
  name,
  schedulable: true,
  allocatable: { cpu: 8, memory: 32 * Gi, pods: 110 },
  requested: { cpu: 2, memory: 16 * Gi, pods: 10 },
});
const capacity = (over: Partial<CapacityFacts> = {}): CapacityFacts => ({
  namespace: 'shop',
  quotas: { known: true, value: [{ name: 'compute', hard: { 'requests.memory': 8 * Gi }, used: { 'requests.memory': 7 * Gi } }] },
  limits: { known: true, value: [] },
  nodes: { known: true, value: [room('worker-1'), room('worker-2')] },
  ...over,
});
const scaleTo = (after: number) => ({ proposed: [{ dimension: 'replicas', before: 4, after }], capacity: capacity() });

// Every gate: one input it passes, one it does not (with the verdict and a reason fragment).
const cases: [Gate, GateInput, GateInput, 'block' | 'approval', RegExp][] = [
  [
    parametersValid,
    input(scale(5)),
    input(proposal('scale_deployment', { replicas: 'five' })),
    'block',
    /do not fit scale_deployment: replicas/,
  ],
  [targetExists, input(restart), input(restart, { targetExists: false }), 'block', /shop\/Deployment\/api does not exist/],
  [
    targetExists,
    input(proposal('collect_diagnostics'), { targetExists: null, unreadable: 'cannot get deployments' }),
    input(restart, { targetExists: null, unreadable: 'cannot get deployments' }),
    'block',
    /could not be read: cannot get deployments/,
  ],
  [alertStillFiring, input(restart), input(restart, { alertStatus: 'resolved' }), 'block', /resolved since it was analysed/],
  [
    protectedNamespace,
    input(restart),
    input(proposal('restart_deployment', {}, { namespace: 'kube-system' })),
    'block',
    /kube-system is protected/,
  ],
  [
    namespaceAllowlist,
    input(restart, {}, { namespaces: ['shop'] }),
    input(restart, {}, { namespaces: ['payments'] }),
    'block',
    /not in the policy's namespaces/,
  ],
  [
    actionAllowlist,
    input(restart, {}, { allowedActions: [{ actions: ['restart_deployment'] }] }),
    input(restart, {}, { allowedActions: [{ namespaces: ['shop'], actions: ['restart_pod'] }] }),
    'block',
    /not allowed for shop/,
  ],
  [autonomy, input(restart), input(restart, {}, { modes: [{ namespaces: ['shop'], mode: 'off' }] }), 'block', /turns remediation off/],
  [
    autonomy,
    input(restart),
    input(proposal('restart_deployment', {}, { severity: 'critical' })),
    'approval',
    /mode .* critical is approval/,
  ],
  [riskAutonomy, input(restart), input(proposal('rollback_deployment')), 'approval', /high risk; above medium needs approval/],
  [minimumConfidence, input(restart), input(proposal('restart_deployment', {}, { confidence: 0.6 })), 'block', /0\.6 is below 0\.7/],
  [bounds, input(scale(6)), input(scale(60)), 'block', /above the maximum of 20/],
  [
    hpaConflict,
    input(scale(5)),
    input(scale(5), {
      workload: workload({ hpa: { name: 'api', minReplicas: 2, maxReplicas: 10, currentReplicas: 4, desiredReplicas: 4 } }),
    }),
    'block',
    /adjust the HPA instead/,
  ],
  [
    gitopsOwnership,
    input(restart),
    input(restart, { workload: workload({ gitops: { manager: 'argocd', detail: 'argocd.argoproj.io/tracking-id=x' } }) }),
    'block',
    /Argo CD .* GitOps would revert/,
  ],
  [
    cooldown,
    input(restart, { lastActionAt: minutesAgo(45) }),
    input(restart, { lastActionAt: minutesAgo(10) }),
    'block',
    /10 min ago; the cooldown is 30 min/,
  ],
  [
    declinedHold,
    input(memory, { declined: { by: 'carol', at: minutesAgo(245) } }),
    input(memory, { declined: { by: 'carol', at: minutesAgo(3) } }),
    'approval',
    /^carol declined increase_resources on this target 3 min ago \(2026-11-27T11:57:00\.000Z\); for 4 h after a decline it is not done without a person$/,
  ],
  [
    declinedHold,
    input(memory),
    input(memory, { declined: { by: null, at: minutesAgo(90) } }, { declinedHoldMs: '2h' }),
    'approval',
    /^a person declined .* 1 h 30 min ago .*; for 2 h after/,
  ],
  [inFlight, input(restart), input(restart, { lockHeldByOther: true }), 'block', /another action is in flight/],
  [globalConcurrency, input(restart, { otherActionsInFlight: 4 }), input(restart, { otherActionsInFlight: 5 }), 'block', /limit is 5/],
  [
    blastRadius,
    input(restart, { disruptiveInNamespace: 2 }),
    input(restart, { disruptiveInNamespace: 3 }),
    'block',
    /3 disruptive actions in shop/,
  ],
  [
    blastRadius,
    input(restart, { disruptiveInCluster: 9 }),
    input(restart, { disruptiveInCluster: 10 }),
    'block',
    /in the cluster .* budget is 10/,
  ],
  [rateSpike, input(restart, { actionsInSpikeWindow: 9 }), input(restart, { actionsInSpikeWindow: 10 }), 'approval', /automatic stop/],
  [
    consecutiveFailures,
    input(restart, { consecutiveFailures: 2 }),
    input(restart, { consecutiveFailures: 3 }),
    'block',
    /last 3 actions on this target failed/,
  ],
  [
    ineffectiveChain,
    input(restart, { chain: { length: 1, repeatsOnOwnChange: 0, oscillating: false } }),
    input(restart, { chain: { length: 2, repeatsOnOwnChange: 1, oscillating: false } }),
    'approval',
    /already ran 2 times .* on top of our own previous change/,
  ],
  [
    ineffectiveChain,
    input(restart),
    input(restart, { chain: { length: 1, repeatsOnOwnChange: 0, oscillating: true } }),
    'approval',
    /flip-flopping/,
  ],
  [
    oscillation,
    input(scale(5), { oscillation: swing(4, 6, 5) }),
    input(scale(7), { oscillation: swing(4, 6, 5, 7) }),
    'approval',
    /^oscillating: replicas went 4 → 6 → 5 → 7: 2 reversal\(s\) in 3 change\(s\) within 360 min, about every 20 min, swinging over 3 \(a person from 2, refused from 4 reversals\); a person decides$/,
  ],
  [
    oscillation,
    input(scale(8), { oscillation: swing(4, 6, 8) }),
    input(scale(8), { oscillation: swing(4, 6, 5, 7, 6, 8) }),
    'block',
    /^oscillating: replicas went 4 → 6 → 5 → 7 → 6 → 8: 4 reversal/,
  ],
  [
    headroom,
    input(scale(6), scaleTo(6)),
    input(scale(12), scaleTo(12)),
    'block',
    /^ResourceQuota shop\/compute: requests.memory would be 9Gi of the quota's 8Gi \(used 7Gi \+ 2Gi\)$/,
  ],
  [
    headroom,
    input(scale(6), scaleTo(6)),
    input(scale(6), { ...scaleTo(6), capacity: capacity({ quotas: { known: false, why: 'resourcequotas is forbidden' } }) }),
    'approval',
    /^ResourceQuotas in shop unknown \(resourcequotas is forbidden\); a person decides$/,
  ],
  [
    headroom,
    input(scale(6), scaleTo(6)),
    input(scale(6), scaleTo(6), { capacity: { minHeadroom: 0.5 } }),
    'approval',
    /^cluster memory headroom after the change would be 49% \(31.5Gi of 64Gi .*; the policy wants at least 50%; a person decides$/,
  ],
  [
    headroom,
    input(scale(2), scaleTo(2)),
    input(scale(6), { ...scaleTo(6), workload: null }),
    'approval',
    /^what the change adds is unknown \(the workload's pods could not be read\)/,
  ],
  [
    measuredEffectiveness,
    input(restart, { effectiveness: { action: 'restart_deployment', samples: 6, effective: 5, rate: 5 / 6 } }),
    input(restart, { effectiveness: { action: 'restart_deployment', samples: 6, effective: 2, rate: 1 / 3 } }),
    'approval',
    /33% of 6 .* demoted to approval/,
  ],
  [
    measuredEffectiveness,
    input(restart, {
      effectiveness: { action: 'restart_deployment', samples: 6, effective: 5, rate: 5 / 6 },
      baseline: { alertname: 'A', samples: 8, resolvedWithin: 4, rate: 0.5 },
    }),
    input(restart, {
      effectiveness: { action: 'restart_deployment', samples: 6, effective: 3, rate: 0.5 },
      baseline: { alertname: 'A', samples: 8, resolvedWithin: 6, rate: 0.75 },
    }),
    'approval',
    /no better than doing nothing \(75% cleared on their own\)/,
  ],
];

for (const [gate, passing, failing, verdict, reason] of cases) {
  test(`gate ${gate.name}: passes "${gate.check(passing).reason}", and ${verdict}s when ${reason.source}`, (t) => {
    t.is(gate.check(passing).verdict, 'pass');
    const r = gate.check(failing);
    t.is(r.verdict, verdict);
    t.regex(r.reason, reason);
  });
}

test('the effectiveness gate does not judge before enough samples', (t) => {
  t.is(
    measuredEffectiveness.check(input(restart, { effectiveness: { action: 'restart_deployment', samples: 4, effective: 0, rate: 0 } }))
      .verdict,
    'pass',
  );
});

test('DRY_RUN, a dry-run scope and missing cluster access all simulate', (t) => {
  t.true(autonomy.check(input(restart, {}, {}, true)).dryRun);
  t.true(autonomy.check(input(restart, { clusterAvailable: false })).dryRun);
  t.true(autonomy.check(input(restart, {}, { modes: [{ mode: 'dry-run' }] })).dryRun);
});

test('a cluster-scoped target is judged by the severity rules and passes the namespace ones', (t) => {
  const cordon = proposal('cordon_node', {}, { target: node, namespace: '' });
  t.is(protectedNamespace.check(input(cordon)).verdict, 'pass');
  t.is(namespaceAllowlist.check(input(cordon, {}, { namespaces: ['shop'] })).verdict, 'pass');
});

test('a target of the wrong kind, or no target, is refused', (t) => {
  t.regex(targetExists.check(input(proposal('cordon_node'))).reason, /works on Node, not on Deployment/);
  t.regex(targetExists.check(input(proposal('restart_pod', {}, { target: null }))).reason, /needs a Pod, and the alert names none/);
});

test('every gate declares what would make it pass (check_action_safety and refusals say it)', (t) => {
  for (const gate of GATES) t.true(gate.remedy.length > 20, `${gate.name} has a remedy`);
  t.is(new Set(GATES.map((g) => g.name)).size, GATES.length, 'gate names are unique');
});
