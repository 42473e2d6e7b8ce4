import test from 'ava';
import { adminRoute } from '../../../lib/cli/admin-endpoint.ts';
import { Secret } from '../../../lib/config/secret.ts';

const ran: string[][] = [];
const route = adminRoute({
  token: new Secret('admin-secret'),
  allowed: ['history', 'pending', 'approve'],
  run: async (args, io) => {
    ran.push(args);
    io.out(`ran ${args.join(' ')}`);
    return 0;
  },
  io: { env: {} },
});
const auth = { authorization: 'Bearer admin-secret' };
const body = (args: unknown) => JSON.stringify({ args });

test.beforeEach(() => (ran.length = 0));

test.serial('an allowed command from loopback with the admin token runs in the runner and its output comes back', async (t) => {
  for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
    t.deepEqual(await route(body(['history', '--json']), auth, peer), {
      status: 200,
      body: { code: 0, out: ['ran history --json'], err: [] },
    });
  }
  t.is(ran.length, 3);
});

test.serial('a peer that is not loopback is refused (403), whatever its credentials', async (t) => {
  for (const peer of ['10.0.0.5', '::ffff:192.168.1.4', 'fe80::1', undefined]) {
    const error = await t.throwsAsync(route(body(['history']), auth, peer));
    t.like(error, { status: 403, message: 'the admin endpoint answers loopback only' });
  }
  t.is(ran.length, 0);
});

test.serial('the webhook token, or none, does not open the admin endpoint (401)', async (t) => {
  for (const headers of [{ authorization: 'Bearer webhook-token-value' }, {}]) {
    t.like(await t.throwsAsync(route(body(['pending']), headers, '127.0.0.1')), { status: 401 });
  }
  t.is(ran.length, 0);
});

test.serial('commands that make no sense remotely, such as run, are refused (403) and name what is allowed', async (t) => {
  for (const args of [['run'], ['bench'], ['replay', 'x', '--to', 'http://127.0.0.1/'], []]) {
    const error = await t.throwsAsync(route(body(args), auth, '127.0.0.1'));
    t.like(error, { status: 403 });
    t.regex(error?.message ?? '', /allowed here: history, pending, approve/);
  }
  t.is(ran.length, 0);
});

test.serial('a body that is not {"args": [string]} is a 400', async (t) => {
  for (const b of ['nope', body('history'), body([1, 2])]) t.like(await t.throwsAsync(route(b, auth, '127.0.0.1')), { status: 400 });
});
