import { CloudEvent } from 'cloudevents';
import { parseEnvelope } from './define-event.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/** Our plain envelope from an SDK CloudEvent (any SDK major): attributes, extensions and data, no undefined keys. */
export const envelopeFromSdk = (event: object): CloudEventEnvelope => {
  const json = 'toJSON' in event && typeof event.toJSON === 'function' ? (event.toJSON() as Record<string, unknown>) : { ...event };
  return parseEnvelope(Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined)));
};

/** An SDK CloudEvent (what faas-js-runtime recognises as an event reply) from our envelope. */
export const sdkFromEnvelope = (event: CloudEventEnvelope): CloudEvent<unknown> =>
  new CloudEvent(Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as never);
