import { explain } from '../../lib/assess/explain.ts';
import { improvementHints } from '../../lib/assess/hints.ts';
import { judge } from '../../lib/assess/score.ts';
import { explainWithModel } from '../../lib/slm/assessment-explanation.ts';
import { ActionAssessed } from '../../lib/events/action-assessed.ts';
import { ActionRecommended } from '../../lib/events/action-recommended.ts';
import type { AssessTick } from '../../lib/events/assess-tick.ts';
import { deterministicId } from '../../lib/events/event-id.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import type { InvocationContext } from '../../lib/runtime/function-spec.ts';
import type { AssessmentRecord } from '../../lib/domain/records.ts';
import { recommendationInput } from '../../lib/store/recommendations.ts';
import { compensation } from './compensate.ts';
import type { AssessDeps } from './deps.ts';
import { gatherInputs } from './gather-inputs.ts';

const BATCH = 25;
const LEASE_MS = 5 * 60_000;
// Model-written paragraphs are a luxury: each gets a few seconds, a tick spends at most this long on them.
const EXPLAIN_TIMEOUT_MS = 8000;
const EXPLAIN_BUDGET_MS = 15_000;

// The paragraph: the template's, or the model's when it is asked for, in time, and holds up against the facts.
const explanation = async (deps: AssessDeps, template: string, facts: Record<string, unknown>, modelUntil: number) => {
  if (!deps.llm || Date.now() > modelUntil) return { text: template, by: 'template' as const };
  const written = await explainWithModel(deps.llm, { ...facts, template }, AbortSignal.timeout(EXPLAIN_TIMEOUT_MS));
  return written ? { text: written, by: 'model' as const } : { text: template, by: 'template' as const };
};

const scoreOne = async (deps: AssessDeps, a: AssessmentRecord, { log }: InvocationContext, modelUntil: number): Promise<void> => {
  const action = await deps.store.actions.get(a.actionId);
  if (!action) return;
  const logged = await deps.store.events.get(action.recommendationEventId);
  const rec = logged && ActionRecommended.is(logged) ? ActionRecommended.parse(logged).data : null;
  const inputs = await gatherInputs(deps, action, a, rec);
  const verdict = judge(inputs);
  // Still firing, not yet expired: look again at the next tick.
  if (verdict === 'wait') return deps.store.assessments.postpone(a.id, new Date(deps.now().getTime() + deps.settings.tickIntervalMs));
  const baseline = await deps.store.history.noActionBaseline(action.alertname, deps.settings.validityMs);
  const hints = improvementHints(inputs, verdict, baseline);
  const template = explain(inputs.action, verdict, baseline, Math.round(deps.settings.validityMs / 60_000));
  const facts = {
    action: action.action,
    outcome: verdict.outcome,
    score: verdict.score,
    confidence: verdict.confidence,
    measured: verdict.components,
    hints,
  };
  const explained = await explanation(deps, template, facts, modelUntil);
  const detail = { confidence: verdict.confidence, hints, explainedBy: explained.by };
  const assessed = ActionAssessed.create(
    {
      actionId: action.id,
      action: action.action,
      alertname: action.alertname,
      target: rec?.target ?? null,
      outcome: verdict.outcome,
      score: verdict.score,
      components: verdict.components,
      baseline: { rate: baseline.rate, samples: baseline.samples },
      explanation: explained.text,
      ...detail,
    },
    { id: deterministicId('assessed', a.id), source: functionSource('assess'), time: deps.now(), subject: action.alertname },
  );
  const compensate = verdict.harmful && deps.policy.compensateHarmfulActions && rec ? compensation(action, rec, deps.now()) : null;
  // execute acts only on stored recommendations: the compensation is stored before it is published (idempotently).
  if (compensate) await deps.store.recommendations.insert(recommendationInput(compensate, null));
  // Published before saved: if publishing fails the lease lapses and the next tick tries again (same event ids).
  await deps.broker.publish(compensate ? [assessed, compensate] : [assessed]);
  await deps.store.assessments.save(a.id, {
    outcome: verdict.outcome,
    score: verdict.score,
    resolved: verdict.resolved,
    factors: verdict.components,
    baselineRate: baseline.rate,
    reasoning: explained.text,
    ...detail,
  });
  deps.metrics.outcomes.inc({ action: action.action, outcome: verdict.outcome });
  log.info('assessed', {
    actionId: action.id,
    action: action.action,
    outcome: verdict.outcome,
    score: verdict.score,
    compensation: compensate?.data.action,
  });
};

// The approval backlog for the alert on approvals waiting too long: the tick wakes assess every minute, nothing else does.
const reportApprovals = async (deps: AssessDeps) => {
  const { pending, oldestStartedAt } = await deps.store.actions.approvalBacklog(deps.policy.approvalTtlMs);
  deps.metrics.approvalsPending.set(pending);
  deps.metrics.oldestApproval.set(oldestStartedAt ? Math.max(0, (deps.now().getTime() - oldestStartedAt.getTime()) / 1000) : 0);
};

/** The tick: reports the approval backlog; every due assessment leased to this tick is judged (or put off while it may still clear). */
export const scoreDue = async (deps: AssessDeps, tick: ReturnType<typeof AssessTick.parse>, ctx: InvocationContext) => {
  await reportApprovals(deps);
  const { duplicate } = await deps.store.recordOnce('assess', tick, async () => undefined);
  if (duplicate) return undefined;
  const due = await deps.store.assessments.leaseDue(LEASE_MS, BATCH);
  const modelUntil = Date.now() + EXPLAIN_BUDGET_MS;
  for (const a of due) {
    try {
      await scoreOne(deps, a, ctx, modelUntil);
    } catch (error) {
      // One assessment's trouble (a cluster read, the broker) does not hold the others; its lease lapses and it is retried.
      ctx.log.warn('assessment failed; retried after its lease', { assessmentId: a.id, error });
    }
  }
  if (due.length) ctx.log.info('tick scored', { due: due.length });
  return undefined;
};
