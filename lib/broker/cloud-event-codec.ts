import { CloudEvent, HTTP } from 'cloudevents';
import { InvalidError } from '../errors/errors.ts';
import { parseEnvelope, type CloudEventEnvelope } from '../events/define-event.ts';

/** A CloudEvent as an HTTP message. */
export interface HttpMessage {
  headers: Record<string, string>;
  body: string;
}

/** Our plain envelope from an SDK CloudEvent (any SDK major): attributes, extensions and data, no undefined keys. */
export const envelopeFromSdk = (event: object): CloudEventEnvelope => {
  const json = 'toJSON' in event && typeof event.toJSON === 'function' ? (event.toJSON() as Record<string, unknown>) : { ...event };
  return parseEnvelope(Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined)));
};

/** An SDK CloudEvent (what faas-js-runtime recognises as an event reply) from our envelope. */
export const sdkFromEnvelope = (event: CloudEventEnvelope): CloudEvent<unknown> =>
  new CloudEvent(Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as never);

/** Binary-mode HTTP message (ce-* headers, JSON body), as Knative brokers deliver and accept events. */
export const encodeBinary = (event: CloudEventEnvelope): HttpMessage => {
  const message = HTTP.binary(sdkFromEnvelope(event));
  return { headers: message.headers as Record<string, string>, body: String(message.body ?? '') };
};

/** The event in an HTTP request (binary or structured mode); InvalidError when there is none or it is malformed. */
export const decodeHttp = (headers: Readonly<Record<string, string | string[] | undefined>>, body: string): CloudEventEnvelope => {
  const message = { headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>, body };
  if (!HTTP.isEvent(message)) throw new InvalidError('not a CloudEvent: missing ce-* headers or structured content type', { code: 'not_a_cloudevent' });
  let event: unknown;
  try {
    event = HTTP.toEvent(message);
  } catch (error) {
    throw new InvalidError(`invalid CloudEvent: ${(error as Error).message.split('\n')[0]}`, { code: 'not_a_cloudevent' });
  }
  if (Array.isArray(event)) throw new InvalidError('batched CloudEvents are not accepted', { code: 'not_a_cloudevent' });
  return envelopeFromSdk(event as object);
};
