import { HTTP } from 'cloudevents';
import { InvalidError } from '../errors/errors.ts';
import { encodeBinaryFlat } from './binary-encoder.ts';
import { percentDecode } from './percent-encoding.ts';
import { envelopeFromSdk } from './sdk-event.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/** A CloudEvent as an HTTP message. */
export interface HttpMessage {
  headers: Record<string, string>;
  body: string;
}

/** Binary-mode HTTP message (ce-* headers, JSON body), as Knative brokers deliver and accept events. */
export const encodeBinary = (event: CloudEventEnvelope): HttpMessage => {
  const flat = encodeBinaryFlat(event);
  const headers: Record<string, string> = {};
  for (let i = 0; i < flat.headers.length; i += 2) headers[flat.headers[i] as string] = flat.headers[i + 1] as string;
  return { headers, body: flat.body };
};

/** The event in an HTTP request (binary or structured mode); InvalidError when there is none or it is malformed. */
export const decodeHttp = (headers: Readonly<Record<string, string | string[] | undefined>>, body: string): CloudEventEnvelope => {
  const present: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) present[k] = k.toLowerCase().startsWith('ce-') && typeof v === 'string' ? percentDecode(v) : (v as string);
  }
  const message = { headers: present, body };
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
