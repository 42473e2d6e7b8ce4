import { decodeHttp, encodeBinary } from '../events/cloud-event-codec.ts';
import { InvalidError } from '../errors/errors.ts';

/** A request body made safe for the runtime: headers and bytes it will parse without surprises. */
export interface DecodedRequest {
  headers: Record<string, string>;
  body: string;
}

// The parser quotes the body back: control characters escaped, and short, so the answer stays one readable line.
const oneLine = (text: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 200);

// secure-json-parse's (faas-js-runtime's parser) tests for text that could spell "__proto__" or "constructor" as a
// key, escapes included: only such a body is searched for the keys after parsing.
const SUSPECT_PROTO =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const SUSPECT_CONSTRUCTOR =
  /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

// The first key the runtime's parser would refuse: an own "__proto__", or a "constructor" holding "prototype".
const forbiddenKey = (value: unknown): string | undefined => {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Object.hasOwn(next, '__proto__')) return '__proto__';
    const ctor = (next as { constructor?: unknown }).constructor;
    if (Object.hasOwn(next, 'constructor') && typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype'))
      return 'constructor';
    pending.push(...Object.values(next));
  }
  return undefined;
};

// The same refusal the runtime's parser makes, in our shape (400), for a value parsed from `text`.
const refusePrototypeKeys = (text: string, value: () => unknown): void => {
  if (!SUSPECT_PROTO.test(text) && !SUSPECT_CONSTRUCTOR.test(text)) return;
  const key = forbiddenKey(value());
  if (key) throw new InvalidError(`body is not valid JSON: the key "${key}" is not allowed`, { code: 'invalid_json' });
};

/**
 * A JSON function's (ingest's) body, parsed once: `application/json` only (else 415), an object or array that
 * parses (else 400) and has no key the runtime's parser refuses.
 */
export const decodeJson = (headers: Readonly<Record<string, string | string[] | undefined>>, bytes: Buffer): object => {
  const type = String(headers['content-type'] ?? '');
  if (type.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw new InvalidError(`content type ${JSON.stringify(type)} is not supported; send application/json`, {
      status: 415,
      code: 'unsupported_media_type',
    });
  }
  const body = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new InvalidError(`body is not valid JSON: ${oneLine((error as Error).message)}`, { code: 'invalid_json' });
  }
  if (typeof value !== 'object' || value === null) throw new InvalidError('body must be a JSON object', { code: 'invalid_json' });
  refusePrototypeKeys(body, () => value);
  return value;
};

/**
 * An event function takes a CloudEvent in binary or structured mode (else 400) and gets it in binary mode: the
 * runtime's own decoding answers 500 to a malformed event, which Knative would retry instead of dead-lettering.
 */
export const decodeEvent = (headers: Readonly<Record<string, string | string[] | undefined>>, bytes: Buffer): DecodedRequest => {
  const body = bytes.toString('utf8');
  refusePrototypeKeys(body, () => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      // Not JSON at all: the CloudEvent decoding says so.
      return undefined;
    }
  });
  return encodeBinary(decodeHttp(headers, body));
};
