import test from 'ava';
import { LlmUnavailableError } from '../../../lib/slm/llm.ts';
import { createOllamaLlm, type LlmSettings } from '../../../lib/slm/ollama-llm.ts';
import { refusedUrl, seesAbandoned } from '../../support/fake-model-http.ts';
import { startFakeOllama, type FakeOllama } from '../../support/fake-ollama.ts';

let fake: FakeOllama;
test.beforeEach(async () => {
  fake = await startFakeOllama();
});
test.afterEach.always(() => fake.close());

const settings = (over: Partial<LlmSettings> = {}): LlmSettings => ({
  endpoint: fake.url,
  model: 'granite3.1-dense:8b',
  temperature: 0.1,
  maxTokens: 256,
  timeoutMs: 500,
  retryCount: 2,
  apiKey: null,
  retryBaseDelayMs: 5,
  ...over,
});
const messages = [{ role: 'user' as const, content: 'hi' }];
const format = { type: 'object' };

test.serial('one non-streaming structured call: content, model, digest and token counts', async (t) => {
  fake.respond(() => ({ content: '{"action":"notify_only"}', promptTokens: 120, completionTokens: 9 }));
  const r = await createOllamaLlm(settings()).chat(messages, format);
  t.like(r, { content: '{"action":"notify_only"}', model: 'granite3.1-dense:8b', promptTokens: 120, completionTokens: 9 });
  t.is(r.modelDigest, fake.models[0]?.digest ?? 'missing');
  const chat = fake.requests.find((q) => q.path === '/api/chat')?.body as {
    stream: boolean;
    format: unknown;
    options: { temperature: number; num_predict: number };
  };
  t.false(chat.stream);
  t.deepEqual(chat.format, format);
  t.deepEqual(chat.options, { temperature: 0.1, num_predict: 256 });
});

test.serial('a 500 is retried with backoff, then answered', async (t) => {
  fake.respond((_req, n) => (n < 2 ? { status: 500, error: 'llama runner process has terminated' } : { content: '{}' }));
  t.is((await createOllamaLlm(settings()).chat(messages, format)).content, '{}');
  t.is(fake.requests.filter((q) => q.path === '/api/chat').length, 3);
});

test.serial('retries are bounded: a model that keeps failing is unavailable', async (t) => {
  fake.respond(() => ({ status: 503, error: 'busy' }));
  await t.throwsAsync(createOllamaLlm(settings({ retryCount: 1 })).chat(messages, format), {
    instanceOf: LlmUnavailableError,
    message: /HTTP 503/,
  });
  t.is(fake.requests.filter((q) => q.path === '/api/chat').length, 2);
});

test.serial('an unknown model (404) is not retried', async (t) => {
  await t.throwsAsync(createOllamaLlm(settings({ model: 'nope:1b' })).chat(messages, format), {
    instanceOf: LlmUnavailableError,
    message: /HTTP 404.*not found/,
  });
  t.is(fake.requests.filter((q) => q.path === '/api/chat').length, 1);
});

test.serial('a slow answer is aborted at the timeout (a real abort: the server sees the client leave)', async (t) => {
  fake.respond(() => ({ delayMs: 5000, content: '{}' }));
  const started = Date.now();
  // 300 ms: on a loaded machine a shorter timeout can fire before the request has even reached the server.
  const llm = createOllamaLlm(settings({ timeoutMs: 300, retryCount: 0 }));
  await t.throwsAsync(llm.chat(messages, format), { instanceOf: LlmUnavailableError, message: /no answer within 300 ms/ });
  t.true(Date.now() - started < 4000, 'the call ends at the timeout, not when the answer would have come');
  t.true(await seesAbandoned(fake.requests));
});

test.serial('a refused connection is unavailable', async (t) => {
  await t.throwsAsync(createOllamaLlm(settings({ endpoint: await refusedUrl(), retryCount: 1 })).chat(messages, format), {
    instanceOf: LlmUnavailableError,
    message: /ECONNREFUSED/,
  });
});
