import test from 'ava';
import { LlmUnavailableError } from '../../../lib/slm/llm.ts';
import { createOpenAiLlm } from '../../../lib/slm/openai-llm.ts';
import type { LlmSettings } from '../../../lib/slm/ollama-llm.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../support/fake-openai.ts';

let fake: FakeOpenAi;
test.beforeEach(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-local' });
});
test.afterEach.always(() => fake.close());

const settings = (over: Partial<LlmSettings> = {}): LlmSettings => ({ endpoint: fake.url, model: 'granite3.1-dense:8b', temperature: 0.2, maxTokens: 300, timeoutMs: 500, retryCount: 1, apiKey: 'sk-local', retryBaseDelayMs: 5, ...over });
const messages = [{ role: 'system' as const, content: 's' }, { role: 'user' as const, content: 'u' }];

test.serial('a chat completion with a json_schema response format', async (t) => {
  fake.respond(() => ({ content: '{"action":"notify_only"}', promptTokens: 50, completionTokens: 7 }));
  const r = await createOpenAiLlm(settings()).chat(messages, { type: 'object' });
  t.like(r, { content: '{"action":"notify_only"}', promptTokens: 50, completionTokens: 7 });
  const body = fake.requests.at(-1)?.body as { response_format: { type: string; json_schema: { name: string; schema: unknown } }; max_tokens: number; temperature: number };
  t.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'recommendation', schema: { type: 'object' }, strict: true } });
  t.is(body.max_tokens, 300);
  t.is(body.temperature, 0.2);
});

test.serial('an endpoint given with /v1 works the same', async (t) => {
  fake.respond(() => ({ content: '{}' }));
  t.is((await createOpenAiLlm(settings({ endpoint: `${fake.url}/v1` })).chat(messages, {})).content, '{}');
});

test.serial('a wrong key is refused without retries, and the key never shows in the error', async (t) => {
  const error = await t.throwsAsync(createOpenAiLlm(settings({ apiKey: 'sk-wrong-secret' })).chat(messages, {}), { instanceOf: LlmUnavailableError, message: /HTTP 401/ });
  t.false(error.message.includes('sk-wrong-secret'));
  t.is(fake.requests.length, 1);
});

test.serial('a 500 is retried', async (t) => {
  fake.respond((_r, n) => (n === 0 ? { status: 500, error: 'boom' } : { content: '{}' }));
  t.is((await createOpenAiLlm(settings()).chat(messages, {})).content, '{}');
});
