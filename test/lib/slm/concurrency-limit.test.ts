import test from 'ava';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { limitConcurrency } from '../../../lib/slm/concurrency-limit.ts';
import { createLlm } from '../../../lib/slm/create-llm.ts';
import { LlmUnavailableError } from '../../../lib/slm/llm.ts';
import { createOllamaLlm } from '../../../lib/slm/ollama-llm.ts';
import { startFakeOllama, type FakeOllama } from '../../support/fake-ollama.ts';

let fake: FakeOllama;
let inFlight = 0;
let most = 0;
test.before(async () => {
  fake = await startFakeOllama();
  fake.respond(async () => {
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setTimeout(r, 150));
    inFlight--;
    return { content: '{}' };
  });
});
test.after.always(() => fake?.close());
const ollama = () =>
  createOllamaLlm({
    endpoint: fake.url,
    model: 'granite3.1-dense:8b',
    temperature: 0.1,
    maxTokens: 64,
    timeoutMs: 10_000,
    retryCount: 0,
    apiKey: null,
  });
const ask = { role: 'user' as const, content: 'hi' };

test.serial('no more than the limit of model calls reach the server at once; the others wait their turn', async (t) => {
  most = 0;
  const llm = limitConcurrency(ollama(), 2);
  const replies = await Promise.all(Array.from({ length: 6 }, () => llm.chat([ask], {})));
  t.is(replies.length, 6);
  t.is(most, 2);
});

test.serial('a call whose budget runs out while it waits never reaches the server', async (t) => {
  most = 0;
  const llm = limitConcurrency(ollama(), 1);
  const chats = () => fake.requests.filter((r) => r.path === '/api/chat').length;
  const before = chats();
  const first = llm.chat([ask], {});
  const waiting = llm.chat([ask], {}, { signal: AbortSignal.timeout(50) });
  await t.throwsAsync(waiting, { instanceOf: LlmUnavailableError, message: /spent waiting for one of 1 model calls at once/ });
  await first;
  t.is(chats() - before, 1);
});

test.serial('the configured client applies SLM_CONCURRENCY, and the shipped default is 2 calls at once per process', async (t) => {
  for (const [env, limit] of [
    [{ SLM_CONCURRENCY: '3' }, 3],
    [{}, 2],
  ] as const) {
    most = 0;
    const { slm } = loadConfig({ SLM_PROVIDER: 'ollama', SLM_ENDPOINT: fake.url, SLM_RETRY_COUNT: '0', ...env });
    const llm = createLlm(slm);
    await Promise.all(Array.from({ length: 8 }, () => llm.chat([ask], {})));
    t.is(most, limit, JSON.stringify(env));
  }
});
