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

// The runtime's JSON parser (secure-json-parse) refuses "__proto__" keys and a "constructor" holding "prototype" with
// a 400 of its own shape: the same refusal here, in ours. Checked only when the text could spell one (escapes too).
const refusePrototypeKeys = (body: string): void => {
  if (!/proto|\\u/.test(body)) return;
  const forbidden = (key: string) => new InvalidError(`body is not valid JSON: the key "${key}" is not allowed`, { code: 'invalid_json' });
  try {
    JSON.parse(body, (key, value: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) throw forbidden(key);
      return value;
    });
  } catch (error) {
    // Not JSON at all: whoever reads the body next says so.
    if (error instanceof InvalidError) throw error;
  }
};

/**
 * A JSON function (ingest) takes `application/json` only (else 415) and the body must parse (else 400). An event
 * function takes a CloudEvent in binary or structured mode (else 400) and gets it in binary mode: the runtime's
 * own decoding answers 500 to a malformed event, which Knative would retry instead of dead-lettering.
 */
export const decodeRequest = (kind: 'http' | 'event', headers: Readonly<Record<string, string | string[] | undefined>>, bytes: Buffer): DecodedRequest => {
  const body = bytes.toString('utf8');
  refusePrototypeKeys(body);
  if (kind === 'event') return encodeBinary(decodeHttp(headers, body));
  const type = String(headers['content-type'] ?? '');
  if (type.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw new InvalidError(`content type ${JSON.stringify(type)} is not supported; send application/json`, { status: 415, code: 'unsupported_media_type' });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new InvalidError(`body is not valid JSON: ${oneLine((error as Error).message)}`, { code: 'invalid_json' });
  }
  // The runtime parses a JSON string body a second time (and logs when that fails): only objects and arrays pass.
  if (typeof value !== 'object' || value === null) throw new InvalidError('body must be a JSON object', { code: 'invalid_json' });
  return { headers: { 'content-type': 'application/json' }, body };
};
