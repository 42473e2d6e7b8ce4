import test from 'ava';
import { ConfigError } from '../../../lib/config/load-config.ts';
import { Secret } from '../../../lib/config/secret.ts';
import { bearerAuth } from '../../../lib/runtime/bearer-auth.ts';

const auth = bearerAuth({ authToken: new Secret('lab-bearer-token-not-a-secret'), allowUnauthenticated: false });

test('the right bearer token passes (scheme case-insensitive)', (t) => {
  t.true(auth({ authorization: 'Bearer lab-bearer-token-not-a-secret' }));
  t.true(auth({ authorization: 'bearer lab-bearer-token-not-a-secret' }));
});

test('a wrong, partial, longer, Basic or missing credential fails', (t) => {
  for (const authorization of [
    'Bearer wrong',
    'Bearer lab-bearer-token',
    'Bearer lab-bearer-token-not-a-secretX',
    'Basic bGFiOnB3',
    '',
    undefined,
  ]) {
    t.false(auth({ authorization }), String(authorization));
  }
});

test('without a token, start-up fails unless unauthenticated webhooks are allowed', (t) => {
  t.throws(() => bearerAuth({ authToken: null, allowUnauthenticated: false }), { instanceOf: ConfigError, message: /WEBHOOK_AUTH_TOKEN/ });
  t.true(bearerAuth({ authToken: null, allowUnauthenticated: true })({}));
});
