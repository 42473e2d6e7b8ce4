import type { EventDefinition } from './define-event.ts';
import type * as z from 'zod';
import { ActionApproved } from './action-approved.ts';
import { ActionAssessed } from './action-assessed.ts';
import { ActionExecuted } from './action-executed.ts';
import { ActionRecommended } from './action-recommended.ts';
import { AlertFiring, AlertResolved } from './alert-events.ts';
import { AssessTick } from './assess-tick.ts';

type AnyEvent = EventDefinition<string, z.ZodType>;

/** Every CloudEvent type of the pipeline. */
export const pipelineEvents: readonly AnyEvent[] = [
  AlertFiring,
  AlertResolved,
  ActionRecommended,
  ActionApproved,
  ActionExecuted,
  ActionAssessed,
  AssessTick,
];

/** Which function consumes which types: the Triggers in knative/ must say exactly this. */
export const consumers = {
  analyze: [AlertFiring],
  execute: [ActionRecommended, ActionApproved],
  assess: [ActionExecuted, AlertResolved, AssessTick],
} as const satisfies Record<string, readonly AnyEvent[]>;
export type ConsumerName = keyof typeof consumers;
