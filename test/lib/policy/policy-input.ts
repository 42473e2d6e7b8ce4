import { actionSpec } from '../../../lib/catalog/catalog.ts';
import type { ActionName } from '../../../lib/domain/action-name.ts';
import type { WorkloadFacts } from '../../../lib/domain/facts.ts';
import type { GateInput, PolicyFacts, Proposal } from '../../../lib/policy/gate.ts';
import { Policy } from '../../../lib/policy/policy-schema.ts';

/** A workload as the gates see it: 4 replicas, one container with 512Mi/500m limits, no HPA, no GitOps. */
export const workload = (over: Partial<WorkloadFacts> = {}): WorkloadFacts => ({
  kind: 'Deployment',
  namespace: 'shop',
  name: 'api',
  exists: true,
  replicas: 4,
  readyReplicas: 4,
  updatedReplicas: 4,
  revision: 3,
  revisionCreatedAt: null,
  hasPreviousRevision: true,
  paused: false,
  containers: [{ name: 'api', requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } }],
  hpa: null,
  gitops: null,
  ...over,
});

/** Facts where every gate passes. */
export const facts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  now: new Date('2026-11-27T12:00:00Z'),
  clusterAvailable: true,
  alertStatus: 'firing',
  incidentStatus: 'open',
  targetExists: true,
  workload: workload(),
  pvc: null,
  node: null,
  lastActionAt: null,
  declined: null,
  lockHeldByOther: false,
  otherActionsInFlight: 0,
  disruptiveInNamespace: 0,
  disruptiveInCluster: 0,
  actionsInSpikeWindow: 0,
  consecutiveFailures: 0,
  chain: { length: 0, repeatsOnOwnChange: 0, oscillating: false },
  proposed: null,
  capacity: null,
  oscillation: null,
  effectiveness: null,
  baseline: null,
  ...over,
});

/** A proposal on shop/Deployment/api (container api), severity warning, confidence 0.9. */
export const proposal = (action: ActionName, parameters: Record<string, unknown> = {}, over: Partial<Proposal> = {}): Proposal => ({
  action: actionSpec(action),
  parameters,
  confidence: 0.9,
  severity: 'warning',
  namespace: 'shop',
  target: { kind: 'Deployment', namespace: 'shop', name: 'api', container: 'api', verified: true, via: 'owner-chain' },
  ...over,
});

/** A gate input with the default policy (changed by `policy`). */
export const input = (p: Proposal, f: Partial<PolicyFacts> = {}, policy: Record<string, unknown> = {}, dryRun = false): GateInput => ({
  proposal: p,
  facts: facts(f),
  policy: Policy.parse(policy),
  dryRun,
});
