import type { Broker } from '../../lib/broker/broker.ts';
import { planRedrive } from '../../lib/broker/redrive.ts';
import { TransientError } from '../../lib/errors/errors.ts';
import { parseEnvelope } from '../../lib/events/define-event.ts';
import type { EventHandler } from '../../lib/runtime/function-spec.ts';
import type { Store } from '../../lib/store/store.ts';
import type { DeadLetterMetrics } from './metrics.ts';

/** What dead-letter needs: the store, where to send re-driven events (none: keep only), the re-drive limit. */
export interface DeadLetterDeps {
  store: Store;
  broker: Broker | null;
  maxRedrives: number;
  metrics: DeadLetterMetrics;
}

// The store may be what failed in the first place: keeping is attempted, and its failure is a value here.
const keep = (store: Store, event: Parameters<Store['deadLetters']['keep']>[0]): Promise<boolean | 'store unavailable'> =>
  store.deadLetters
    .keep(event)
    .catch((error: unknown) => (error instanceof TransientError ? ('store unavailable' as const) : Promise.reject(error)));

/**
 * Any event the broker gave up on → kept in Postgres (for `alerts-slm dead-letters` and replay) and, when its
 * failure may pass, sent back through the broker for another round of retries, a bounded number of times. When
 * the store is down too, the re-drive is what keeps it; only when neither works is the answer 503.
 */
export const makeHandler =
  (deps: DeadLetterDeps): EventHandler =>
  async (input, { log }) => {
    const event = parseEnvelope(input);
    const kept = await keep(deps.store, event);
    if (kept === true) deps.metrics.kept.inc(event.type);
    const plan = planRedrive(event, deps.maxRedrives);
    const fields = { type: event.type, destination: event.knativeerrordest, code: event.knativeerrorcode };
    if ('send' in plan && deps.broker) {
      await deps.broker.publish([plan.send]);
      if (kept !== 'store unavailable') await deps.store.deadLetters.markRedriven(event, plan.count);
      log.warn('dead letter re-driven through the broker', { ...fields, redrive: plan.count, of: deps.maxRedrives, kept });
      return undefined;
    }
    if (kept === 'store unavailable')
      throw new TransientError(
        `dead letter ${event.id}: the store is unavailable and it cannot be re-driven (${'keep' in plan ? plan.keep : 'no broker'})`,
      );
    log.warn(kept ? 'dead letter kept for a person' : 'dead letter already kept', {
      ...fields,
      why: 'keep' in plan ? plan.keep : 'no broker to re-drive through',
    });
    return undefined;
  };
