import type { ActionSpec } from '../../lib/catalog/action-spec.ts';
import { evaluatePolicy, type PolicyDecision } from '../../lib/policy/evaluate-policy.ts';
import type { PolicyFacts } from '../../lib/policy/gate.ts';
import type { Policy } from '../../lib/policy/policy-schema.ts';
import type { Executable } from './executable.ts';

/**
 * Every gate on the recommendation. For an approved action every gate is checked again except the approval
 * itself: its "needs approval" verdicts pass, saying who approved and when (as the store recorded it).
 */
export const decide = (x: Executable, spec: ActionSpec, facts: PolicyFacts, policy: Policy, dryRun: boolean): PolicyDecision => {
  const proposal = {
    action: spec,
    parameters: x.rec.parameters,
    confidence: x.rec.confidence,
    target: x.rec.target,
    severity: x.rec.alert.severity,
    namespace: x.rec.target?.namespace ?? x.rec.alert.namespace ?? '',
  };
  const d = evaluatePolicy({ proposal, facts, policy, dryRun });
  if (!x.approval || d.decision !== 'approval') return d;
  const by = `${x.approval.by}${x.approval.at ? ` at ${x.approval.at.toISOString()}` : ''}`;
  const verdicts = d.verdicts.map((v) =>
    v.verdict === 'approval' ? { ...v, verdict: 'pass' as const, reason: `approved by ${by}: ${v.reason}` } : v,
  );
  return { ...d, verdicts, decision: 'perform' };
};
