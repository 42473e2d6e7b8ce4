import test from 'ava';
import { withRetries } from '../../../lib/errors/retry.ts';

const noSleep = { sleep: async () => {} };
const failing = (counter: { calls: number }, message: string) => async (): Promise<never> => {
  counter.calls++;
  throw new Error(message);
};

test('a retryable failure is retried with doubling delays until it succeeds', async (t) => {
  const waits: number[] = [];
  let calls = 0;
  const attempt = async () => {
    calls++;
    if (calls < 3) throw new Error('busy');
    return 'ok';
  };
  const result = await withRetries(attempt, {
    retries: 3,
    baseDelayMs: 100,
    retryable: () => true,
    sleep: async (ms) => void waits.push(ms),
  });
  t.is(result, 'ok');
  t.deepEqual(waits, [100, 200]);
});

test('a failure that is not retryable is thrown at once', async (t) => {
  const counter = { calls: 0 };
  await t.throwsAsync(withRetries(failing(counter, 'invalid'), { retries: 3, baseDelayMs: 1, retryable: () => false, ...noSleep }), {
    message: 'invalid',
  });
  t.is(counter.calls, 1);
});

test('retries stop when they are spent, and when the signal has aborted', async (t) => {
  const spent = { calls: 0 };
  await t.throwsAsync(withRetries(failing(spent, 'down'), { retries: 2, baseDelayMs: 1, retryable: () => true, ...noSleep }));
  t.is(spent.calls, 3);
  const aborted = { calls: 0 };
  const controller = new AbortController();
  controller.abort();
  await t.throwsAsync(
    withRetries(failing(aborted, 'down'), { retries: 2, baseDelayMs: 1, retryable: () => true, signal: controller.signal, ...noSleep }),
  );
  t.is(aborted.calls, 1);
});
