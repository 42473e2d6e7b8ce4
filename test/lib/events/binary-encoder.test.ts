import test from 'ava';
import fc from 'fast-check';
import { encodeBinaryFlat, encodeCommonBinary, encodeSdkBinary, type FlatHttpMessage } from '../../../lib/events/binary-encoder.ts';
import { createAlertEvent, type AlertData } from '../../../lib/events/alert-events.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';

const pairs = (message: FlatHttpMessage): string[] => {
  const out: string[] = [];
  for (let i = 0; i < message.headers.length; i += 2) out.push(`${message.headers[i]}: ${message.headers[i + 1]}`);
  return out.sort();
};

const sdkOutcome = (event: CloudEventEnvelope): { headers: string[]; body: string } | 'refused' => {
  try {
    const message = encodeSdkBinary(event);
    return { headers: pairs(message), body: message.body };
  } catch {
    return 'refused';
  }
};

// Mostly events like ours, with each attribute now and then unusual: what the SDK would refuse, rewrite or encode otherwise.
const usually = <T, U>(common: fc.Arbitrary<T>, unusual: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 9, arbitrary: common }, { weight: 1, arbitrary: unusual });
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.stringMatching(/^[a-z0-9.\-/]{1,20}$/));
const time = usually(
  fc.date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30T00:00:00.000Z', '2026-11-27T01:00:00Z', '2026-11-27T01:00:00.000+01:00', '', 'now', undefined),
);
const source = usually(
  fc.constantFrom('/alerts-slm/ingest', '/alerts-slm/analyze', '/apis/v1/namespaces/alerts-slm/pingsources/tick'),
  fc.oneof(
    fc.constantFrom('https://example.com/x', '//host/p', '/a//b', '/', 'urn:x', ' /x', ''),
    fc.stringMatching(/^\/[A-Za-z0-9\-._~/%: ]{0,16}$/),
  ),
);
const data = usually(
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
  fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constantFrom(undefined, null, 'text', 42, true), fc.uint8Array({ maxLength: 4 })),
);
const extensions = fc.dictionary(
  usually(
    fc.stringMatching(/^[a-z0-9]{1,8}$/),
    fc.constantFrom('dataschema', 'schemaurl', 'datacontentencoding', 'data_base64', 'Bad', 'x-y', 'constructor'),
  ),
  usually(text, fc.constantFrom(undefined, 7, true, null)),
  { maxKeys: 2 },
);
const envelope = fc.record({
  specversion: usually(fc.constant('1.0'), fc.constantFrom('0.3', '1.1')),
  id: usually(fc.stringMatching(/^[0-9a-f]{32}$/), text),
  source,
  type: usually(fc.constantFrom('dev.alerts-slm.alert.firing.v1', 'dev.alerts-slm.alert.resolved.v1'), text),
  time,
  subject: usually(fc.oneof(text, fc.constant(undefined)), fc.constant('')),
  datacontenttype: usually(fc.constantFrom('application/json', undefined), fc.constantFrom('', 'text/plain')),
  data,
  ext: extensions,
});

// The SDK makes up an id or a time the event lacks: nothing to compare the output with.
const madeUpBySdk = (event: CloudEventEnvelope): boolean => !event.id || !event.time;

test('the direct encoder sends the headers and body the SDK does, and leaves every other event to the SDK', (t) => {
  let direct = 0;
  const runs = 3000;
  fc.assert(
    fc.property(envelope, ({ ext, ...attributes }) => {
      const event = { ...ext, ...attributes } as CloudEventEnvelope;
      const fast = encodeCommonBinary(event);
      if (fast === null) return true;
      direct++;
      t.deepEqual({ headers: pairs(fast), body: fast.body }, sdkOutcome(event));
      return true;
    }),
    { numRuns: runs },
  );
  // Not a vacuous check: a good share of the generated events took the direct path.
  t.true(direct > runs / 10, `${direct} of ${runs} encoded directly`);
});

test('every event encodes as the SDK encodes it, whichever path it takes', (t) => {
  fc.assert(
    fc.property(envelope, ({ ext, ...attributes }) => {
      const event = { ...ext, ...attributes } as CloudEventEnvelope;
      fc.pre(!madeUpBySdk(event));
      const sdk = sdkOutcome(event);
      if (sdk === 'refused') return t.throws(() => encodeBinaryFlat(event)) !== undefined;
      const message = encodeBinaryFlat(event);
      return JSON.stringify({ headers: pairs(message), body: message.body }) === JSON.stringify(sdk);
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

const alert: AlertData = {
  alertname: 'KubePodCrashLooping 🔥',
  status: 'firing',
  severity: 'warning',
  fingerprint: 'b8fb038fbfb8560d',
  startsAt: '2026-11-27T00:51:56.610Z',
  endsAt: null,
  generatorURL: null,
  namespace: 'shop-prod',
  target: { kind: 'Pod', namespace: 'shop-prod', name: 'checkout-api-7c9d5b8f6-x2x8q', container: 'api' },
  workload: { kind: 'Deployment', namespace: 'shop-prod', name: 'checkout-api', inferred: true },
  labels: { alertname: 'KubePodCrashLooping 🔥' },
  annotations: { summary: 'a "quoted" 100% summary' },
  receiver: 'Default',
  groupKey: '{}',
  externalURL: 'http://am',
};

test('alert events take the direct path', (t) => {
  const event = createAlertEvent(alert, { source: '/alerts-slm/ingest', time: new Date('2026-11-27T01:00:00Z') });
  const fast = encodeCommonBinary(event);
  t.not(fast, null);
  t.deepEqual(fast && { headers: pairs(fast), body: fast.body }, sdkOutcome(event));
});
