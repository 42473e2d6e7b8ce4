import { InvalidError } from '../../lib/errors/errors.ts';
import { ActionApproved } from '../../lib/events/action-approved.ts';
import { ActionRecommended, type ActionRecommendedData } from '../../lib/events/action-recommended.ts';
import { parseEnvelope } from '../../lib/events/define-event.ts';
import type { CloudEventEnvelope } from '../../lib/domain/cloud-event-envelope.ts';
import type { ActionRecord } from '../../lib/domain/records.ts';
import type { Store } from '../../lib/store/store.ts';

/** The event that woke execute: only its type and ids are read from it; a claim, not authority. */
export type Wake = { kind: 'recommended'; event: CloudEventEnvelope } | { kind: 'approved'; event: CloudEventEnvelope; actionId: string };

/** What execute does, as the store backs it: the stored recommendation, and the approval a person recorded. */
export interface Executable {
  event: CloudEventEnvelope;
  rec: ActionRecommendedData;
  recommendationId: string;
  approval: { actionId: string; by: string; at: Date | null } | null;
}

/** The wake-up, or the action an earlier wake-up for the same approval already carried out. */
export type Backed = { x: Executable; done: ActionRecord | null };

/** Reads which event woke execute (anything but its two types is a 400 for the dead-letter sink). */
export const parseWake = (input: unknown): Wake => {
  const event = parseEnvelope(input);
  if (ActionApproved.is(event)) return { kind: 'approved', event, actionId: ActionApproved.parse(event).data.actionId };
  if (ActionRecommended.is(event)) return { kind: 'recommended', event };
  throw new InvalidError(`execute does not consume ${event.type}`, { code: 'unexpected_type' });
};

// Statuses an approved action reaches once execute carried it out (a later wake-up answers what happened).
const CARRIED_OUT = new Set<ActionRecord['status']>(['running', 'succeeded', 'failed', 'dry_run', 'skipped', 'rejected']);

// Recorded, then a 403: Knative does not retry it (the dead-letter sink keeps it), and nothing was done.
const refuse = async (store: Store, event: CloudEventEnvelope, reason: string): Promise<never> => {
  await store.events.refuse('execute', event, reason);
  throw new InvalidError(reason, { status: 403, code: 'not_backed_by_store' });
};

const stored = async (store: Store, event: CloudEventEnvelope, id: string): Promise<ActionRecommendedData> => {
  const published = await store.recommendations.stored(id);
  if (!published) return refuse(store, event, `no recommendation ${id} was stored; execute acts only on what analyze (or assess) stored`);
  // analyze commits the recommendation before it publishes it, so a genuine event always finds its stored copy.
  if (event.type === ActionRecommended.type && published.source !== event.source) {
    return refuse(store, event, `recommendation ${id} was published by ${published.source}, not ${event.source}`);
  }
  return ActionRecommended.parse(published).data;
};

/**
 * What the store backs for this wake-up: the stored recommendation (by the event's id, the stored copy used), or
 * for an approval the action a person approved in the store. Anything else is recorded as refused and is a 403.
 */
export const fromStore = async (store: Store, wake: Wake): Promise<Backed> => {
  if (wake.kind === 'recommended')
    return {
      x: { event: wake.event, rec: await stored(store, wake.event, wake.event.id), recommendationId: wake.event.id, approval: null },
      done: null,
    };
  const action = await store.actions.get(wake.actionId);
  if (!action) return refuse(store, wake.event, `no action ${wake.actionId} exists`);
  const carriedOut = CARRIED_OUT.has(action.status) && action.decidedBy !== null;
  if (action.status !== 'approved' && !carriedOut)
    return refuse(store, wake.event, `action ${action.id} is ${action.status}: no person approved it in the store`);
  const rec = await stored(store, wake.event, action.recommendationEventId);
  const approval = { actionId: action.id, by: action.decidedBy ?? 'unknown', at: action.decidedAt };
  return { x: { event: wake.event, rec, recommendationId: action.recommendationEventId, approval }, done: carriedOut ? action : null };
};
