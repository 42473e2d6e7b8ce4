import test from 'ava';
import fc from 'fast-check';
import { decodeHttp, encodeBinary } from '../../../lib/events/cloud-event-codec.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';

const event = (subject: string): CloudEventEnvelope => ({
  specversion: '1.0',
  id: 'e-1',
  source: '/t',
  type: 'dev.t.v1',
  subject,
  datacontenttype: 'application/json',
  data: { a: 1 },
});

test('every header value is printable ASCII, percent-encoded as the HTTP binding says', (t) => {
  const { headers } = encodeBinary(event('café 🔥 "100%"\u0000'));
  t.is(headers['ce-subject'], 'caf%C3%A9%20%F0%9F%94%A5%20%22100%25%22%00');
  for (const value of Object.values(headers)) t.regex(value, /^[\x20-\x7e]*$/);
});

test('any text survives encoding and decoding unchanged (lone surrogates become U+FFFD)', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', minLength: 1 }), (subject) => {
      const { headers, body } = encodeBinary(event(subject));
      return decodeHttp(headers, body).subject === subject.toWellFormed();
    }),
  );
  t.pass();
});

test('a header from a sender that does not percent-encode is taken as sent', (t) => {
  const decoded = decodeHttp(
    {
      'ce-specversion': '1.0',
      'ce-id': 'x',
      'ce-source': '/s',
      'ce-type': 't',
      'ce-subject': '100% sure %zz',
      'content-type': 'application/json',
    },
    '{}',
  );
  t.is(decoded.subject, '100% sure %zz');
});
