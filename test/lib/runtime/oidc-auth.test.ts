import test from 'ava';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransientError } from '../../../lib/errors/errors.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { encodeBinary } from '../../../lib/events/cloud-event-codec.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { defineFunction } from '../../../lib/runtime/function-spec.ts';
import { serve } from '../../../lib/runtime/serve.ts';
import { freePort } from '../../support/free-port.ts';
import { eventAuthorizer, type EventAuthSettings } from '../../../lib/runtime/oidc-auth.ts';
import { startFakeIssuer, type FakeIssuer } from '../../support/fake-issuer.ts';

const AUDIENCE = 'serving.knative.dev/service/alerts-slm/alerts-slm-execute';
const BROKER = 'system:serviceaccount:knative-eventing:mt-broker-filter';
let issuer: FakeIssuer;
let tokenFile: string;
test.before(async () => {
  issuer = await startFakeIssuer();
  tokenFile = join(mkdtempSync(join(tmpdir(), 'oidc-')), 'token');
  writeFileSync(tokenFile, 'the-pods-own-serviceaccount-token\n');
});
test.after.always(() => issuer?.close());

const settings = (over: Partial<EventAuthSettings> = {}): EventAuthSettings => ({
  required: false,
  issuer: issuer.issuer,
  audience: AUDIENCE,
  jwksUrl: issuer.jwksUrl,
  jwksFile: null,
  jwksTokenFile: tokenFile,
  senders: [BROKER, 'system:serviceaccount:alerts-slm:*'],
  ...over,
});
const authorize = (over: Partial<EventAuthSettings> = {}) => eventAuthorizer(settings(over), { logger: silentLogger() });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test.serial('a token the issuer signed for this audience, from an allowed sender, is accepted (exact or by prefix)', async (t) => {
  const check = authorize();
  t.true(await check(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE }))));
  t.true(await check(bearer(issuer.mint({ sub: 'system:serviceaccount:alerts-slm:alerts-slm-cli', aud: [AUDIENCE, 'other'] }))));
});

test.serial('a token for another audience, from another sender, expired, from another issuer, or not yet valid is refused', async (t) => {
  const check = authorize();
  const soon = Math.floor(Date.now() / 1000) + 3600;
  for (const [why, token] of [
    ['audience', issuer.mint({ sub: BROKER, aud: 'eventing.knative.dev/broker/alerts-slm/alerts-slm' })],
    ['sender', issuer.mint({ sub: 'system:serviceaccount:default:attacker', aud: AUDIENCE })],
    ['expired', issuer.mint({ sub: BROKER, aud: AUDIENCE, expiresIn: -300 })],
    ['issuer', issuer.mint({ sub: BROKER, aud: AUDIENCE, iss: 'https://evil.example' })],
    ['not yet valid', issuer.mint({ sub: BROKER, aud: AUDIENCE, nbf: soon })],
  ] as const)
    t.false(await check(bearer(token)), why);
});

test.serial('a forged signature, "alg: none" or garbage is refused', async (t) => {
  const check = authorize();
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const good = issuer.mint({ sub: BROKER, aud: AUDIENCE });
  const [head, body] = good.split('.');
  for (const [why, token] of [
    ['other key', issuer.mint({ sub: BROKER, aud: AUDIENCE }, { key: other })],
    [
      'none',
      `${Buffer.from(JSON.stringify({ alg: 'none', kid: JSON.parse(Buffer.from(head ?? '', 'base64url').toString()).kid })).toString('base64url')}.${body}.`,
    ],
    ['garbage', 'not.a.jwt'],
    ['two parts', `${head}.${body}`],
  ] as const)
    t.false(await check(bearer(token)), why);
});

test.serial('without a token a delivery passes unless tokens are required', async (t) => {
  t.true(await authorize()({}));
  t.false(await authorize({ required: true })({}));
});

test.serial(
  'a rotated key is read when a token names it; an unknown key read moments ago is a 503 to retry, one read per 30s at most',
  async (t) => {
    let clock = Date.now();
    const check = eventAuthorizer(settings(), { logger: silentLogger(), now: () => clock });
    t.true(await check(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE }))));
    issuer.rotate();
    const before = issuer.requests;
    for (let i = 0; i < 5; i++)
      await t.throwsAsync(Promise.resolve(check(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE })))), {
        instanceOf: TransientError,
        message: /is not listed yet/,
      });
    t.is(issuer.requests, before);
    clock += 31_000;
    t.true(await check(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE }))));
    t.is(issuer.requests, before + 1);
    clock += 31_000;
    t.false(await check(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE }, { kid: 'made-up' }))));
  },
);

test.serial('when the issuer keys cannot be read the delivery is a 503 to retry, never a 401 that would drop it', async (t) => {
  issuer.failWith(503);
  t.teardown(() => issuer.failWith(null));
  await t.throwsAsync(Promise.resolve(authorize()(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE })))), {
    instanceOf: TransientError,
    message: /issuer keys are unavailable/,
  });
});

test.serial('the keys may come from a file (a ConfigMap) instead of the API server', async (t) => {
  const response = await fetch(issuer.jwksUrl, { headers: { authorization: 'Bearer x' } });
  const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
  writeFileSync(file, await response.text());
  t.true(await authorize({ jwksUrl: null, jwksFile: file })(bearer(issuer.mint({ sub: BROKER, aud: AUDIENCE }))));
});

test.serial('served with EVENT_AUTH_AUDIENCE, an event function answers a delivery without a valid sender token with 401', async (t) => {
  const fn = defineFunction({ name: 'echo', create: () => ({ kind: 'event', handle: async () => undefined }) });
  const env = {
    LOG_LEVEL: 'error',
    EVENT_AUTH_AUDIENCE: AUDIENCE,
    EVENT_AUTH_REQUIRED: 'true',
    EVENT_AUTH_ISSUER: issuer.issuer,
    EVENT_AUTH_JWKS_URL: issuer.jwksUrl,
    EVENT_AUTH_JWKS_TOKEN_FILE: tokenFile,
    EVENT_AUTH_SENDERS: BROKER,
  };
  const served = await serve(fn, createRuntime(loadConfig(env)), { port: await freePort() });
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        served.server.closeAllConnections();
        served.server.close(() => resolve());
      }),
  );
  const event = encodeBinary({ specversion: '1.0', id: 'e1', source: '/s', type: 'dev.t.v1', data: {} });
  const deliver = (authorization?: string) =>
    fetch(`http://127.0.0.1:${served.port}/`, {
      method: 'POST',
      headers: { ...event.headers, ...(authorization ? { authorization } : {}) },
      body: event.body,
    }).then((r) => r.status);
  t.is(await deliver(), 401);
  t.is(await deliver(`Bearer ${issuer.mint({ sub: 'system:serviceaccount:default:attacker', aud: AUDIENCE })}`), 401);
  t.is(await deliver(`Bearer ${issuer.mint({ sub: BROKER, aud: AUDIENCE })}`), 204);
});
