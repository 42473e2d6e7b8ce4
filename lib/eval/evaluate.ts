import { normalizeStandaloneAlert } from '../alertmanager/normalize.ts';
import { actionSpec } from '../catalog/catalog.ts';
import { applicableActions, operandFor } from '../catalog/target-chain.ts';
import { chainFromLabels } from '../domain/target-chain.ts';
import { evaluatePolicy } from '../policy/evaluate-policy.ts';
import type { PolicyFacts } from '../policy/gate.ts';
import { Policy } from '../policy/policy-schema.ts';
import { buildContext } from '../slm/analysis-context.ts';
import type { Llm } from '../slm/llm.ts';
import { recommend } from '../slm/recommend.ts';
import type { CorpusEntry } from './corpus.ts';
import { caseFacts, type CaseFacts } from './corpus-cluster.ts';

/** What happened to one case. */
export interface CaseResult {
  id: string;
  category: string;
  action: string;
  source: 'slm' | 'rules' | 'cache';
  decision: string;
  ok: boolean;
  preferred: boolean;
  mustNot: boolean;
  invalidOutput: boolean;
  latencyMs: number;
}

// The policy judged as if the cluster were reachable with the case's facts and no history: what would the gates pass?
const policyFacts = (status: 'firing' | 'resolved', { workload, pvc, node }: CaseFacts): PolicyFacts => ({
  now: new Date(),
  clusterAvailable: true,
  alertStatus: status,
  incidentStatus: 'open',
  targetExists: null,
  workload,
  pvc,
  node,
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
});

/** Runs the analyzer (the model when given, else the rules) and the default policy on one case, with its facts. */
export const evaluateCase = async (entry: CorpusEntry, llm: Llm | null): Promise<CaseResult> => {
  const alert = normalizeStandaloneAlert(entry, 'eval');
  const chain = chainFromLabels(alert);
  const facts = caseFacts(entry.cluster, alert);
  const history = { recentActions: [], declines: [], actionStats: [], targetStats: [], baseline: null };
  const context = buildContext({ alert, chain, ...facts, events: [], ...history, allowedActions: applicableActions(chain) });
  const rec = await recommend({ llm, cache: null }, context);
  const spec = actionSpec(rec.action);
  const target = operandFor(spec, chain);
  const { parameters, confidence } = rec;
  const proposal = { action: spec, parameters, confidence, target, severity: alert.severity, namespace: alert.namespace ?? '' };
  const { decision } = evaluatePolicy({ proposal, facts: policyFacts(alert.status, facts), policy: Policy.parse({}), dryRun: false });
  const degraded = rec.provenance.degraded ?? '';
  return {
    id: entry.id,
    category: entry.category,
    action: rec.action,
    source: rec.provenance.source,
    decision,
    ok: entry.expected.includes(rec.action) && !entry.must_not.includes(rec.action),
    preferred: entry.preferred.includes(rec.action),
    mustNot: entry.must_not.includes(rec.action),
    invalidOutput: /invalid model output|first answer refused/.test(degraded),
    latencyMs: rec.provenance.latencyMs,
  };
};
