import { CloudEvent, HTTP } from 'cloudevents';
import { percentEncode } from './percent-encoding.ts';
import { sdkFromEnvelope } from './sdk-event.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/** A binary-mode CloudEvent as an HTTP message, its headers as a flat list: name, value, name, value… */
export interface FlatHttpMessage {
  headers: string[];
  body: string;
}

// The SDK's default when an event names no data content type.
const DEFAULT_CONTENT_TYPE = 'application/json; charset=utf-8';
// Attributes with a header of their own; every other key is an extension, sent as ce-<name>.
const ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data']);
// Attributes the SDK treats specially (validates as a URI, refuses on 1.0, decodes): left to it.
// Extensions named like a method of the SDK's event (or of every object) too.
const SDK_SPECIAL = new Set([
  'dataschema',
  'schemaurl',
  'datacontentencoding',
  'data_base64',
  ...Object.getOwnPropertyNames(CloudEvent.prototype),
  ...Object.getOwnPropertyNames(Object.prototype),
]);
const EXTENSION_NAME = /^[a-z0-9]+$/;
// A source the SDK's uri-reference format always accepts: an absolute path of unreserved characters.
const PLAIN_SOURCE = /^\/[A-Za-z0-9\-._~]+(?:\/[A-Za-z0-9\-._~]+)*$/;
// A time the SDK sends unchanged: UTC with milliseconds, as toISOString writes it (checked to be a real date).
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const optionalNonEmpty = (value: unknown): value is string | undefined => value === undefined || nonEmpty(value);
const plainData = (data: unknown): data is object =>
  typeof data === 'object' && data !== null && (Array.isArray(data) || Object.getPrototypeOf(data) === Object.prototype);

const isoTime = (time: unknown): time is string => {
  if (typeof time !== 'string' || !ISO_UTC.test(time)) return false;
  const ms = Date.parse(time);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === time;
};

/**
 * The common case encoded directly: attributes we know, string extensions, plain JSON data; the same headers and
 * body as the SDK's HTTP.binary (with our percent-encoding). Null for anything else, which the SDK encodes.
 */
export const encodeCommonBinary = (event: CloudEventEnvelope): FlatHttpMessage | null => {
  const { specversion, id, source, type, time, subject, datacontenttype, data } = event;
  if (specversion !== '1.0' || !nonEmpty(id) || !nonEmpty(type) || !nonEmpty(source) || !PLAIN_SOURCE.test(source)) return null;
  if (!isoTime(time) || !optionalNonEmpty(subject) || !optionalNonEmpty(datacontenttype)) return null;
  if (data !== undefined && !plainData(data)) return null;
  const headers = [
    'content-type',
    datacontenttype ?? DEFAULT_CONTENT_TYPE,
    'ce-id',
    percentEncode(id),
    'ce-time',
    time,
    'ce-type',
    percentEncode(type),
    'ce-source',
    source,
    'ce-specversion',
    '1.0',
  ];
  if (subject !== undefined) headers.push('ce-subject', percentEncode(subject));
  for (const key in event) {
    if (ATTRIBUTES.has(key)) continue;
    const value = event[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || SDK_SPECIAL.has(key) || !EXTENSION_NAME.test(key)) return null;
    headers.push(`ce-${key}`, percentEncode(value));
  }
  return { headers, body: data === undefined ? '' : JSON.stringify(data) };
};

/** Any envelope encoded by the SDK (HTTP.binary), its ce-* values percent-encoded; throws what the SDK throws. */
export const encodeSdkBinary = (event: CloudEventEnvelope): FlatHttpMessage => {
  const message = HTTP.binary(sdkFromEnvelope(event));
  const headers: string[] = [];
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    headers.push(name, name.toLowerCase().startsWith('ce-') && typeof value === 'string' ? percentEncode(value) : String(value));
  }
  return { headers, body: String(message.body ?? '') };
};

/** Binary-mode HTTP message (ce-* headers, JSON body): directly in the common case, else through the SDK. */
export const encodeBinaryFlat = (event: CloudEventEnvelope): FlatHttpMessage => encodeCommonBinary(event) ?? encodeSdkBinary(event);
