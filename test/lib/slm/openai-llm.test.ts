import test from 'ava';
import { applicableActions } from '../../../lib/catalog/target-chain.ts';
import { chainFromLabels } from '../../../lib/domain/target-chain.ts';
import { buildContext } from '../../../lib/slm/analysis-context.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { createLlm } from '../../../lib/slm/create-llm.ts';
import { LlmUnavailableError } from '../../../lib/slm/llm.ts';
import { createOpenAiLlm } from '../../../lib/slm/openai-llm.ts';
import type { LlmSettings } from '../../../lib/slm/ollama-llm.ts';
import { recommend } from '../../../lib/slm/recommend.ts';
import { outputFormat } from '../../../lib/slm/recommendation-output.ts';
import { alertFrom } from '../../support/alerts.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../support/fake-openai.ts';

let fake: FakeOpenAi;
test.beforeEach(async () => {
  // As OpenAI and Azure OpenAI do, the fake refuses a strict schema that breaks the strict structured-output rules.
  fake = await startFakeOpenAi({ apiKey: 'sk-local', strictSchemas: true });
});
test.afterEach.always(() => fake.close());

const settings = (over: Partial<LlmSettings> = {}): LlmSettings => ({
  endpoint: fake.url,
  model: 'granite3.1-dense:8b',
  temperature: 0.2,
  maxTokens: 300,
  timeoutMs: 500,
  retryCount: 1,
  apiKey: 'sk-local',
  retryBaseDelayMs: 5,
  ...over,
});
const messages = [
  { role: 'system' as const, content: 's' },
  { role: 'user' as const, content: 'u' },
];

test.serial('a chat completion with a json_schema response format', async (t) => {
  fake.respond(() => ({ content: '{"action":"notify_only"}', promptTokens: 50, completionTokens: 7 }));
  const r = await createOpenAiLlm(settings()).chat(messages, { type: 'object' });
  t.like(r, { content: '{"action":"notify_only"}', promptTokens: 50, completionTokens: 7 });
  const body = fake.requests.at(-1)?.body as {
    response_format: { type: string; json_schema: { name: string; schema: unknown } };
    max_tokens: number;
    temperature: number;
  };
  const schema = { type: 'object', properties: {}, required: [], additionalProperties: false };
  t.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'recommendation', schema, strict: true } });
  t.is(body.max_tokens, 300);
  t.is(body.temperature, 0.2);
});

test.serial('an endpoint given with /v1 works the same', async (t) => {
  fake.respond(() => ({ content: '{}' }));
  t.is((await createOpenAiLlm(settings({ endpoint: `${fake.url}/v1` })).chat(messages, { type: 'object' })).content, '{}');
});

test.serial('a wrong key is refused without retries, and the key never shows in the error', async (t) => {
  const error = await t.throwsAsync(createOpenAiLlm(settings({ apiKey: 'sk-wrong-secret' })).chat(messages, { type: 'object' }), {
    instanceOf: LlmUnavailableError,
    message: /HTTP 401/,
  });
  t.false(error.message.includes('sk-wrong-secret'));
  t.is(fake.requests.length, 1);
});

test.serial('a 500 is retried, and each attempt is timed with how it ended', async (t) => {
  fake.respond((_r, n) => (n === 0 ? { status: 500, error: 'boom' } : { content: '{}' }));
  const seen: { labels: Record<string, string>; seconds: number }[] = [];
  const observer = { observe: (labels: Record<string, string>, seconds: number) => void seen.push({ labels, seconds }) };
  t.is((await createOpenAiLlm(settings(), { observer }).chat(messages, { type: 'object' })).content, '{}');
  t.deepEqual(
    seen.map((s) => s.labels),
    [
      { model: 'granite3.1-dense:8b', provider: 'openai', outcome: 'error' },
      { model: 'granite3.1-dense:8b', provider: 'openai', outcome: 'ok' },
    ],
  );
  t.true(seen.every((s) => s.seconds >= 0 && s.seconds < 5));
});

test.serial('SLM_PROVIDER=localai is the OpenAI-compatible client, named localai in the provenance and the metrics', async (t) => {
  fake.respond(() => ({ content: '{}' }));
  const seen: Record<string, string>[] = [];
  const slm = { ...loadConfig({ SLM_PROVIDER: 'localai', SLM_ENDPOINT: fake.url, SLM_API_KEY: 'sk-local' }).slm, retryCount: 0 };
  const llm = createLlm(slm, { observe: (labels) => void seen.push(labels) });
  t.is(llm.provider, 'localai');
  t.is((await llm.chat(messages, { type: 'object' })).content, '{}');
  t.is(fake.requests.at(-1)?.path, '/v1/chat/completions');
  t.deepEqual(seen, [{ model: 'granite3.1-dense:8b', provider: 'localai', outcome: 'ok' }]);
});

const alert = alertFrom({ alertname: 'HighCPUUsage', namespace: 'shop', deployment: 'api' });
const chain = chainFromLabels(alert);
const context = buildContext({
  alert,
  chain,
  workload: null,
  pods: [],
  events: [],
  node: null,
  pvc: null,
  recentActions: [],
  declines: [],
  actionStats: [],
  targetStats: [],
  baseline: null,
  allowedActions: applicableActions(chain),
});

test.serial("the recommendation schema is sent in the form OpenAI's strict structured outputs accept", async (t) => {
  fake.respond(() => ({ content: '{}' }));
  t.is((await createOpenAiLlm(settings()).chat(messages, outputFormat(context.allowedActions))).content, '{}');
});

test.serial('a recommendation comes from the model, not the rules, with null meaning a parameter left out', async (t) => {
  const parameters = { replicas: 6, resource: null, increase_percent: null, min_replicas: null, max_replicas: null };
  const answer = { action: 'scale_deployment', parameters, confidence: 0.8, reasoning: 'CPU is saturated.', evidence: ['97% CPU'] };
  fake.respond(() => ({ content: JSON.stringify(answer) }));
  const r = await recommend({ llm: createOpenAiLlm(settings()), cache: null }, context);
  t.like(r, { action: 'scale_deployment', parameters: { replicas: 6 }, provenance: { source: 'slm', provider: 'openai', degraded: null } });
  t.deepEqual(r.parameters, { replicas: 6 });
});
