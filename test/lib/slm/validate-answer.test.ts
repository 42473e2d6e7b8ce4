import test from 'ava';
import { applicableActions } from '../../../lib/catalog/target-chain.ts';
import { chainFromLabels } from '../../../lib/domain/target-chain.ts';
import { buildContext, type AnalysisContext } from '../../../lib/slm/analysis-context.ts';
import { validateAnswer } from '../../../lib/slm/validate-answer.ts';
import { alertFrom } from '../../support/alerts.ts';

const ctx = (labels: Record<string, string>, workloadReplicas: number | null = null): AnalysisContext => {
  const alert = alertFrom(labels);
  const chain = chainFromLabels(alert);
  const workload =
    workloadReplicas === null
      ? null
      : {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'api',
          exists: true as const,
          replicas: workloadReplicas,
          readyReplicas: 1,
          updatedReplicas: 1,
          revision: 1,
          revisionCreatedAt: null,
          hasPreviousRevision: false,
          paused: false,
          containers: [],
          hpa: null,
          gitops: null,
        };
  return buildContext({
    alert,
    chain,
    workload,
    pods: [],
    events: [],
    node: null,
    pvc: null,
    recentActions: [],
    declines: [],
    actionStats: [],
    targetStats: [],
    baseline: null,
    allowedActions: applicableActions(chain),
  });
};
const deployment = ctx({ alertname: 'HighCPUUsage', namespace: 'shop', deployment: 'api' }, 3);
const answer = (over: Record<string, unknown>) =>
  JSON.stringify({
    action: 'scale_deployment',
    parameters: { replicas: 5 },
    confidence: 0.7,
    reasoning: 'cpu',
    evidence: ['97% cpu'],
    ...over,
  });

test('a good answer passes with only its own parameters', (t) => {
  const v = validateAnswer(answer({ parameters: { replicas: 5, increase_percent: 40 } }), deployment);
  t.deepEqual(v, {
    ok: true,
    answer: { action: 'scale_deployment', parameters: { replicas: 5 }, confidence: 0.7, reasoning: 'cpu', evidence: ['97% cpu'] },
  });
});

test('a parameter given as null counts as left out, as strict structured outputs write it', (t) => {
  const v = validateAnswer(
    answer({ parameters: { replicas: 5, resource: null, increase_percent: null, min_replicas: null, max_replicas: null } }),
    deployment,
  );
  t.like(v, { ok: true, answer: { parameters: { replicas: 5 } } });
  if (v.ok) t.deepEqual(v.answer.parameters, { replicas: 5 });
});

const refusals: [string, string, AnalysisContext, RegExp][] = [
  ['text that is not JSON', 'scale it up!', deployment, /^not valid JSON/],
  ['an action outside the catalog', answer({ action: 'delete_namespace' }), deployment, /^action: /],
  [
    'an action that does not apply to the target (a Node action on a Deployment)',
    answer({ action: 'drain_node', parameters: {} }),
    deployment,
    /^action: /,
  ],
  ['a missing required parameter', answer({ parameters: {} }), deployment, /^parameters\.replicas: .* for scale_deployment/],
  [
    'a required parameter given as null',
    answer({ parameters: { replicas: null } }),
    deployment,
    /^parameters\.replicas: .* for scale_deployment/,
  ],
  ['a huge parameter', answer({ parameters: { replicas: 1_000_000 } }), deployment, /^parameters\.replicas: /],
  ['a confidence above 1', answer({ confidence: 7 }), deployment, /^confidence: /],
  ['an unknown parameter name', answer({ parameters: { replicas: 5, namespace: 'kube-system' } }), deployment, /^parameters: /],
  ['no change (already that many replicas)', answer({ parameters: { replicas: 3 } }), deployment, /already runs 3 replicas/],
];
for (const [what, content, context, problem] of refusals) {
  test(`refused: ${what}`, (t) => {
    const v = validateAnswer(content, context);
    t.false(v.ok);
    if (!v.ok) t.regex(v.problem, problem);
  });
}
