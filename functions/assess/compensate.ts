import { actionSpec } from '../../lib/catalog/catalog.ts';
import { ActionRecommended, type ActionRecommendedData } from '../../lib/events/action-recommended.ts';
import { deterministicId } from '../../lib/events/event-id.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import type { ActionRecord } from '../../lib/domain/records.ts';
import { ruleProvenance } from '../../lib/slm/rule-provenance.ts';

/**
 * When a change of ours made things worse: the recommendation to put back its recorded pre-state, for the normal
 * pipeline and gates (execute decides, as for any recommendation). Null when the action has no inverse.
 */
export const compensation = (action: ActionRecord, rec: ActionRecommendedData, now: Date) => {
  const inverse = actionSpec(rec.action).inverse?.(action.preState);
  if (!inverse || !rec.target) return null;
  return ActionRecommended.create(
    {
      ...rec,
      action: inverse.action,
      parameters: inverse.parameters,
      confidence: 0.9,
      reasoning: `Compensating: ${action.action} (action ${action.id}) made ${rec.target.name} worse; putting back its state from before.`,
      evidence: [`assessment of action ${action.id}: harmful`],
      provenance: ruleProvenance(),
    },
    { id: deterministicId('compensate', action.id), source: functionSource('assess'), time: now, subject: rec.alert.alertname },
  );
};
