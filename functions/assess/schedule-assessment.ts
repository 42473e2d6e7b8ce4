import { actionSpec } from '../../lib/catalog/catalog.ts';
import { ActionRecommended } from '../../lib/events/action-recommended.ts';
import type { ActionExecuted } from '../../lib/events/action-executed.ts';
import type { InvocationContext } from '../../lib/runtime/function-spec.ts';
import { prometheusFor, ruleDuration } from '../../lib/prometheus/rule-duration.ts';
import type { AssessDeps } from './deps.ts';

const JUDGED = new Set(['succeeded', 'dry_run']);

/**
 * A changing action that was performed (or simulated) is judged once it had time to work: after the stabilisation
 * window, never shorter than the alert rule's `for:` (asked from Prometheus), and given up after the validity window.
 */
export const scheduleAssessment = async (deps: AssessDeps, event: ReturnType<typeof ActionExecuted.parse>, { log }: InvocationContext) => {
  const d = event.data;
  if (!JUDGED.has(d.status) || !actionSpec(d.action).mutating) {
    await deps.store.recordOnce('assess', event, async () => undefined);
    return undefined;
  }
  const rec = await deps.store.events.get(d.recommendationId);
  const generatorURL = rec && ActionRecommended.is(rec) ? ActionRecommended.parse(rec).data.alert.generatorURL : null;
  const prometheus = prometheusFor(deps.settings.prometheusUrl, generatorURL);
  const ruleFor = prometheus ? await ruleDuration(prometheus, d.alertname, 3000) : null;
  // The tick first: if it cannot be started this delivery fails and is retried, so no assessment waits unwoken.
  await deps.ticks.ensure();
  const finished = new Date(d.finishedAt).getTime();
  const dueAt = new Date(finished + Math.max(deps.settings.stabilizationMs, ruleFor ?? 0));
  const expiresAt = new Date(Math.max(finished + deps.settings.validityMs, dueAt.getTime()));
  await deps.store.recordOnce('assess', event, async (tx) => {
    const a = await tx.assessments.schedule(d.actionId, dueAt, expiresAt);
    log.info('assessment scheduled', { actionId: d.actionId, action: d.action, dueAt: a.dueAt.toISOString(), ruleForMs: ruleFor });
    return undefined;
  });
  // And after: a tick that found nothing pending just before this was recorded may have stopped it.
  await deps.ticks.ensure();
  return undefined;
};
