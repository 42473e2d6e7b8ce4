import * as z from 'zod';
import { ActionName } from '../domain/action-name.ts';
import { AlertData } from './alert-events.ts';
import { defineEvent } from './define-event.ts';
import { eventType } from './event-types.ts';
import { ResolvedTarget, targetKey } from '../domain/target.ts';
import { Provenance } from '../domain/provenance.ts';

/** The incident an alert was folded into. */
export const IncidentRef = z.object({
  id: z.string(),
  dedupKey: z.string(),
  occurrences: z.number().int().positive(),
});

/** analyze's answer: one action from the closed catalog for one incident, with its reasons. */
export const ActionRecommendedData = z.object({
  alert: AlertData,
  incident: IncidentRef,
  target: ResolvedTarget.nullable(),
  action: ActionName,
  parameters: z.record(z.string(), z.unknown()),
  confidence: z.number().min(0).max(1),
  reasoning: z.string().max(4000),
  evidence: z.array(z.string().max(500)).max(20),
  provenance: Provenance,
  // The learning loop's prediction for a changing action; absent for one that changes nothing (never assessed).
  prediction: z
    .object({ successProbability: z.number().min(0).max(1), samples: z.number().int().nonnegative() })
    .nullable()
    .optional()
    .describe('how likely the action is to be assessed effective, from the outcomes of the same action for the same alert'),
});
export type ActionRecommendedData = z.infer<typeof ActionRecommendedData>;

/** A recommended action, on its way to execute's gates. */
export const ActionRecommended = defineEvent({
  type: eventType('action.recommended'),
  data: ActionRecommendedData,
  partitionKey: (d) => (d.target ? targetKey(d.target) : undefined),
});
