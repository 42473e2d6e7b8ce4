import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import { isRetryable } from './delivery-spec.ts';

/** The extension that counts how often a dead letter was sent back through the broker. */
export const REDRIVE_EXTENSION = 'alertsslmredrives';
/** Knative's own extensions on a dead letter: the subscriber, its status and its answer. */
export const KNATIVE_ERROR_EXTENSIONS = ['knativeerrordest', 'knativeerrorcode', 'knativeerrordata'] as const;

/** What to do with a dead letter: send it back (the event to publish), or keep it for a person (and why). */
export type Redrive = { send: CloudEventEnvelope; count: number } | { keep: string };

/** A dead letter as it was first published: without Knative's error extensions (and our re-drive count). */
export const withoutDeliveryMarks = (event: CloudEventEnvelope): CloudEventEnvelope =>
  Object.fromEntries(
    Object.entries(event).filter(([k]) => !(KNATIVE_ERROR_EXTENSIONS as readonly string[]).includes(k) && k !== REDRIVE_EXTENSION),
  ) as CloudEventEnvelope;

/**
 * Whether a dead letter goes back through the broker: only when its failure may pass (Knative's retryable
 * statuses, or no status at all: a timeout or a refused connection) and fewer than `max` re-drives were made. The
 * event keeps its id and source, so a consumer that did process it meanwhile answers it from its record.
 */
export const planRedrive = (event: CloudEventEnvelope, max: number): Redrive => {
  const code = Number(event.knativeerrorcode ?? NaN);
  const done = Number(event[REDRIVE_EXTENSION] ?? 0) || 0;
  if (Number.isFinite(code) && !isRetryable(code)) return { keep: `its consumer answered ${code}: retrying cannot help` };
  if (done >= max) return { keep: `re-driven ${done} times already (the limit)` };
  return { send: { ...withoutDeliveryMarks(event), [REDRIVE_EXTENSION]: String(done + 1) }, count: done + 1 };
};
