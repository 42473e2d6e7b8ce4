import { parseEnvelope } from '../../lib/events/define-event.ts';
import type { EventHandler } from '../../lib/runtime/function-spec.ts';
import type { Store } from '../../lib/store/store.ts';
import type { DeadLetterMetrics } from './metrics.ts';

/** Any event the broker gave up on → kept in Postgres for `alerts-slm dead-letters` and replay; answers 204. */
export const makeHandler = (deps: { store: Store; metrics: DeadLetterMetrics }): EventHandler => async (input, { log }) => {
  const event = parseEnvelope(input);
  const kept = await deps.store.keepDeadLetter(event);
  if (kept) deps.metrics.kept.inc(event.type);
  log.warn(kept ? 'dead letter kept' : 'dead letter already kept', { type: event.type, destination: event['knativeerrordest'], code: event['knativeerrorcode'] });
  return undefined;
};
