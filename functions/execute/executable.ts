import { ActionApproved } from '../../lib/events/action-approved.ts';
import { ActionRecommended, type ActionRecommendedData } from '../../lib/events/action-recommended.ts';
import { parseEnvelope, type CloudEventEnvelope } from '../../lib/events/define-event.ts';

/** What execute was asked to do: a recommendation, or one a person approved. */
export interface Executable {
  event: CloudEventEnvelope;
  rec: ActionRecommendedData;
  recommendationId: string;
  approval: { actionId: string; by: string } | null;
}

/** Validates either event type execute consumes (anything else is a 400 for the dead-letter sink). */
export const parseExecutable = (input: unknown): Executable => {
  const envelope = parseEnvelope(input);
  if (ActionApproved.is(envelope)) {
    const e = ActionApproved.parse(envelope);
    return { event: e, rec: e.data.recommendation, recommendationId: e.data.recommendationEventId, approval: { actionId: e.data.actionId, by: e.data.approvedBy } };
  }
  const e = ActionRecommended.parse(envelope);
  return { event: e, rec: e.data, recommendationId: e.id, approval: null };
};
