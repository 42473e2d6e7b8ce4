import type { ActionName } from '../catalog/action-name.ts';
import type { AnalysisContext } from './analysis-context.ts';
import type { ValidAnswer } from './validate-answer.ts';

/** A rule's answer, with the rule that gave it. */
export type RuleAnswer = ValidAnswer & { rule: string };

/** One row of the decision table: when it applies, and what it recommends. */
export interface Rule {
  readonly id: string;
  readonly when: string;
  readonly then: string;
  decide(c: AnalysisContext): Omit<ValidAnswer, 'evidence'> & { evidence?: string[] } | null;
}

const named = (c: AnalysisContext, pattern: RegExp) => pattern.test(c.alert.name);
const containers = (c: AnalysisContext) => c.pods.flatMap((p) => p.containers);
const oomKilled = (c: AnalysisContext) =>
  c.alert.labels['reason'] === 'OOMKilled' || named(c, /OOM/i) || containers(c).some((x) => x.lastTermination?.reason === 'OOMKilled');
const memoryPressure = (c: AnalysisContext) => oomKilled(c) || named(c, /Memory(Usage|Limit|Pressure|High)|HighMemory/i);
const crashLooping = (c: AnalysisContext) =>
  named(c, /CrashLoop/i) || c.alert.labels['reason'] === 'CrashLoopBackOff' || containers(c).some((x) => x.waiting === 'CrashLoopBackOff');
// A rollout in the hour before the alert started is the likeliest cause of a crash loop.
const recentRollout = (c: AnalysisContext) => {
  const w = c.workload;
  if (!w?.hasPreviousRevision || !w.revisionCreatedAt) return false;
  const gap = Date.parse(c.alert.startsAt) - Date.parse(w.revisionCreatedAt);
  return gap >= -5 * 60_000 && gap <= 60 * 60_000;
};
const scaleUp = (replicas: number) => replicas + Math.max(1, Math.ceil(replicas * 0.5));

/** The decision table, first match wins; documented in the README. Rules only ever pick from allowedActions. */
export const RULES: readonly Rule[] = [
  { id: 'cluster-wide', when: 'the alert names no object (cluster-wide)', then: 'notify_only', decide: (c) => (c.chain.pod || c.chain.workload || c.chain.node || c.chain.pvc || c.chain.hpa ? null : { action: 'notify_only', parameters: {}, confidence: 0.9, reasoning: 'The alert is cluster-wide: there is no single object to change, so people are notified.' }) },
  { id: 'certificate', when: 'a certificate is expiring', then: 'notify_only', decide: (c) => (named(c, /Certificate|Expir/i) ? { action: 'notify_only', parameters: {}, confidence: 0.85, reasoning: 'Certificate expiry needs a person (rotation, renewal); no cluster change helps.' } : null) },
  { id: 'oom-killed', when: 'containers are OOMKilled or memory is at its limit', then: 'increase_resources memory +50%', decide: (c) => (memoryPressure(c) ? { action: 'increase_resources', parameters: { resource: 'memory', increase_percent: 50 }, confidence: oomKilled(c) ? 0.8 : 0.65, reasoning: 'The container runs out of memory; raising its memory request and limit within bounds gives it room.' } : null) },
  { id: 'crash-loop-after-rollout', when: 'a crash loop began within an hour of a rollout', then: 'rollback_deployment', decide: (c) => (crashLooping(c) && recentRollout(c) ? { action: 'rollback_deployment', parameters: {}, confidence: 0.65, reasoning: 'The crash loop started right after a new revision rolled out; the previous revision is the likeliest fix.' } : null) },
  { id: 'crash-loop', when: 'a container is crash-looping (no recent rollout)', then: 'collect_diagnostics', decide: (c) => (crashLooping(c) ? { action: 'collect_diagnostics', parameters: {}, confidence: 0.8, reasoning: 'A restart would not fix a crash loop; its logs and events say why it crashes.' } : null) },
  { id: 'node-not-ready', when: 'a node is NotReady or unreachable', then: 'cordon_node', decide: (c) => (named(c, /KubeNodeNotReady|KubeNodeUnreachable|NodeNotReady/i) || c.node?.ready === false ? { action: 'cordon_node', parameters: {}, confidence: 0.65, reasoning: 'The node is not ready: cordoning keeps new pods off it while people look.' } : null) },
  { id: 'pvc-filling', when: 'a volume claim is filling up and its StorageClass can expand', then: 'expand_pvc +50%', decide: (c) => (named(c, /PersistentVolume(FillingUp|Usage|Full)|Disk(Full|Filling)/i) && c.pvc?.expandable !== false ? { action: 'expand_pvc', parameters: { increase_percent: 50 }, confidence: 0.65, reasoning: 'The volume is filling up; growing the claim within the cap buys time.' } : null) },
  { id: 'hpa-maxed-out', when: 'an HPA has been held at its maximum', then: 'adjust_hpa max +50%', decide: (c) => {
    const max = c.workload?.hpa?.maxReplicas;
    return named(c, /KubeHpaMaxedOut/i) && max ? { action: 'adjust_hpa', parameters: { max_replicas: scaleUp(max) }, confidence: 0.55, reasoning: `The autoscaler is stuck at its ceiling of ${max}; raising the ceiling lets it follow the load.` } : null;
  } },
  { id: 'cpu-saturated', when: 'CPU is saturated, no HPA, current replicas known', then: 'scale_deployment ×1.5', decide: (c) => {
    const replicas = c.workload?.replicas;
    return named(c, /CPU(Throttling|Usage|Saturat|High)|HighCPU/i) && !c.workload?.hpa && replicas ? { action: 'scale_deployment', parameters: { replicas: scaleUp(replicas) }, confidence: 0.6, reasoning: `CPU is saturated and no autoscaler manages the workload; ${replicas} replicas become ${scaleUp(replicas)}.` } : null;
  } },
  { id: 'degraded-workload', when: 'pods not ready, replicas mismatched, rollout stuck, jobs failing', then: 'collect_diagnostics', decide: (c) => (named(c, /NotReady|ReplicasMismatch|GenerationMismatch|ContainerWaiting|JobFailed|RolloutStuck|Pending|CPU|HPA|Hpa/i) ? { action: 'collect_diagnostics', parameters: {}, confidence: 0.7, reasoning: 'The workload is degraded for a reason the alert does not give; diagnostics first.' } : null) },
  { id: 'default', when: 'anything else', then: 'collect_diagnostics (notify_only without an object)', decide: (c) => ({ action: c.allowedActions.includes('collect_diagnostics') ? 'collect_diagnostics' : 'notify_only', parameters: {}, confidence: 0.5, reasoning: 'No rule knows this alert; collecting diagnostics changes nothing and helps whoever looks next.' }) },
];

const REMEDIAL_WITHOUT_PARAMETERS: readonly ActionName[] = ['restart_pod', 'restart_deployment', 'rollback_deployment', 'cordon_node'];
const statsOf = (c: AnalysisContext, action: string) => c.history.actionStats.find((s) => s.action === action) ?? c.history.targetStats.find((s) => s.action === action);

// The learning loop: a rule's pick that was measured ineffective here is replaced by diagnostics; when the table
// has nothing better than diagnostics, an action measured effective for this alert is preferred.
const learn = (c: AnalysisContext, answer: RuleAnswer): RuleAnswer => {
  const stats = statsOf(c, answer.action);
  if (stats && stats.samples >= 3 && stats.rate < 0.34 && answer.action !== 'collect_diagnostics' && c.allowedActions.includes('collect_diagnostics')) {
    return { ...answer, action: 'collect_diagnostics', parameters: {}, confidence: 0.6, rule: `${answer.rule}+history`, reasoning: `${answer.action} was assessed effective only ${stats.effective} of ${stats.samples} times here; collecting diagnostics instead.` };
  }
  if (answer.action === 'collect_diagnostics' || answer.action === 'notify_only') {
    const proven = c.history.actionStats.find((s) => REMEDIAL_WITHOUT_PARAMETERS.includes(s.action as ActionName) && c.allowedActions.includes(s.action as ActionName) && s.samples >= 3 && s.rate >= 0.8);
    if (proven) return { ...answer, action: proven.action as ActionName, parameters: {}, confidence: Math.min(0.85, proven.rate * 0.9), rule: `${answer.rule}+history`, reasoning: `${proven.action} was assessed effective ${proven.effective} of ${proven.samples} times for ${c.alert.name}.` };
  }
  return answer;
};

/** The deterministic analyzer: the fallback when the model cannot answer, and the baseline it must beat. */
export const decideByRules = (c: AnalysisContext): RuleAnswer => {
  for (const rule of RULES) {
    const d = rule.decide(c);
    if (d && c.allowedActions.includes(d.action)) return learn(c, { ...d, evidence: d.evidence ?? [`rule ${rule.id}: ${rule.when}`], rule: rule.id });
  }
  return { action: 'notify_only', parameters: {}, confidence: 0.5, reasoning: 'Nothing else applies.', evidence: [], rule: 'none' };
};
