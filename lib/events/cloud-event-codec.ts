import { CloudEvent, HTTP } from 'cloudevents';
import { InvalidError } from '../errors/errors.ts';
import { parseEnvelope } from './define-event.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

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

// The HTTP binding (CloudEvents 1.0.2, 3.1.3.2): in a ce-* header, space, '"', '%' and every character outside
// printable ASCII are percent-encoded as UTF-8 bytes. The SDK does not do it, and a raw NUL, emoji or lone
// surrogate in a header makes the request fail before it is sent (an alert name is such a value: the subject).
const percentEncode = (value: string): string => {
  let out = '';
  for (const byte of Buffer.from(value.toWellFormed(), 'utf8')) {
    out +=
      byte > 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
};

const percentDecode = (value: string): string => {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    // Not our encoding (a stray '%', or bytes that are not UTF-8): kept as sent.
    return value;
  }
};

const mapCeHeaders = <V>(headers: Readonly<Record<string, V>>, map: (value: string) => string): Record<string, V | string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k.toLowerCase().startsWith('ce-') && typeof v === 'string' ? map(v) : v]));

/** Binary-mode HTTP message (ce-* headers, JSON body), as Knative brokers deliver and accept events. */
export const encodeBinary = (event: CloudEventEnvelope): HttpMessage => {
  const message = HTTP.binary(sdkFromEnvelope(event));
  return {
    headers: mapCeHeaders(message.headers as Record<string, string>, percentEncode) as Record<string, string>,
    body: String(message.body ?? ''),
  };
};

/** The event in an HTTP request (binary or structured mode); InvalidError when there is none or it is malformed. */
export const decodeHttp = (headers: Readonly<Record<string, string | string[] | undefined>>, body: string): CloudEventEnvelope => {
  const present = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const message = { headers: mapCeHeaders(present, percentDecode) as Record<string, string>, body };
  if (!HTTP.isEvent(message))
    throw new InvalidError('not a CloudEvent: missing ce-* headers or structured content type', { code: 'not_a_cloudevent' });
  let event: unknown;
  try {
    event = HTTP.toEvent(message);
  } catch (error) {
    throw new InvalidError(`invalid CloudEvent: ${(error as Error).message.split('\n')[0]}`, { code: 'not_a_cloudevent' });
  }
  if (Array.isArray(event)) throw new InvalidError('batched CloudEvents are not accepted', { code: 'not_a_cloudevent' });
  return envelopeFromSdk(event as object);
};
