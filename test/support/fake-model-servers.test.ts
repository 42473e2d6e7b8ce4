import test from 'ava';
import { Ollama, type ChatResponse } from 'ollama';
import { refusedUrl, seesAbandoned } from './fake-model-http.ts';
import { ollamaModel, startFakeOllama } from './fake-ollama.ts';
import { startFakeOpenAi } from './fake-openai.ts';

const schema = { type: 'object', properties: { action: { type: 'string' } }, required: ['action'], additionalProperties: false };
const messages = [
  { role: 'system', content: 'You pick one remediation action.' },
  { role: 'user', content: 'KubePodCrashLooping on shop/api-7f9c' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('ollama: a non-streaming chat returns the scripted content and token counts', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: '{"action":"restart-pod"}', promptTokens: 321, completionTokens: 9 }));
  const answer = await new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages, stream: false });
  t.is(answer.message.content, '{"action":"restart-pod"}');
  t.is(answer.message.role, 'assistant');
  t.true(answer.done);
  t.is(answer.done_reason, 'stop');
  t.is(answer.prompt_eval_count, 321);
  t.is(answer.eval_count, 9);
  t.true(answer.total_duration >= answer.load_duration + answer.prompt_eval_duration + answer.eval_duration);
});

test('ollama: a streamed chat arrives as pieces that reassemble into the content, ending with the done marker and counts', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  const content = '{"action": "scale-deployment", "replicas": 3, "why": "CPU saturated — ünïcode too"}';
  fake.respond(() => ({ content }));
  const parts: string[] = [];
  let last: ChatResponse | undefined;
  for await (const part of await new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages, stream: true })) {
    parts.push(part.message.content);
    last = part;
  }
  t.true(parts.length > 3);
  t.is(parts.join(''), content);
  t.true(last?.done);
  t.is(last?.done_reason, 'stop');
  t.true((last?.eval_count ?? 0) > 0);
});

test('ollama: a request without stream is answered as an NDJSON stream, as Ollama defaults to streaming', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: 'a b' }));
  const response = await fetch(`${fake.url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'granite3.1-dense:8b', messages }),
  });
  t.is(response.headers.get('content-type'), 'application/x-ndjson');
  const lines = (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { done: boolean; message: { content: string } });
  t.deepEqual(
    lines.map((l) => [l.message.content, l.done]),
    [
      ['a', false],
      [' b', false],
      ['', true],
    ],
  );
});

test('ollama: list() shows the configured models with their digests', async (t) => {
  const fake = await startFakeOllama({
    models: [
      ollamaModel('granite3.1-dense:8b'),
      ollamaModel('qwen2.5:3b', {
        digest: '357c53fb659c'.padEnd(64, '0'),
        details: {
          parent_model: '',
          format: 'gguf',
          family: 'qwen2',
          families: ['qwen2'],
          parameter_size: '3.1B',
          quantization_level: 'Q4_K_M',
        },
      }),
    ],
  });
  t.teardown(() => fake.close());
  const { models } = await new Ollama({ host: fake.url }).list();
  t.deepEqual(
    models.map((m) => m.name),
    ['granite3.1-dense:8b', 'qwen2.5:3b'],
  );
  t.regex(models[0]?.digest ?? '', /^[0-9a-f]{64}$/);
  t.is(models[1]?.digest, '357c53fb659c'.padEnd(64, '0'));
  t.is(models[1]?.details.family, 'qwen2');
});

test("ollama: an unknown model fails with ResponseError 404 carrying Ollama's error text, before any script runs", async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  let called = false;
  fake.respond(() => {
    called = true;
    return { content: '{}' };
  });
  const error = await t.throwsAsync(new Ollama({ host: fake.url }).chat({ model: 'llama3.2', messages }));
  t.is(error.name, 'ResponseError');
  t.is((error as Error & { status_code?: number }).status_code, 404);
  t.is(error.message, 'model "llama3.2" not found, try pulling it first');
  t.false(called);
});

test('ollama: a model named without its tag resolves to :latest', async (t) => {
  const fake = await startFakeOllama({ models: [ollamaModel('phi3')] });
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: 'ok' }));
  t.is((await new Ollama({ host: fake.url }).chat({ model: 'phi3', messages })).message.content, 'ok');
});

test('ollama: a scripted 500 fails with ResponseError 500 and the scripted message; unscripted calls say so', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  const ollama = new Ollama({ host: fake.url });
  await t.throwsAsync(ollama.chat({ model: 'granite3.1-dense:8b', messages }), {
    name: 'ResponseError',
    message: 'fake ollama: no scripted reply',
  });
  fake.respond((_, n) => (n === 1 ? { status: 500, error: 'llama runner process has terminated: signal: killed' } : { content: 'fine' }));
  const error = await t.throwsAsync(ollama.chat({ model: 'granite3.1-dense:8b', messages }));
  t.is((error as Error & { status_code?: number }).status_code, 500);
  t.is(error.message, 'llama runner process has terminated: signal: killed');
  t.is((await ollama.chat({ model: 'granite3.1-dense:8b', messages })).message.content, 'fine');
});

test('ollama: an error after streamed content reaches the stream consumer as an error', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: '{"action":', streamError: 'an error was encountered while running the model: unexpected EOF' }));
  const stream = await new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages, stream: true });
  await t.throwsAsync(
    async () => {
      for await (const _ of stream);
    },
    { message: /unexpected EOF/ },
  );
});

test('ollama: a slow reply is cut off by a fetch with AbortSignal.timeout, and the fake keeps serving', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond((_, n) => (n === 0 ? { content: 'late', delayMs: 5000 } : { content: 'on time' }));
  // 300 ms: on a loaded machine a shorter timeout can fire before the request has even reached the server.
  const impatient = new Ollama({ host: fake.url, fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(300) }) });
  const error = await t.throwsAsync(impatient.chat({ model: 'granite3.1-dense:8b', messages }));
  t.is(error.name, 'TimeoutError');
  t.true(await seesAbandoned(fake.requests));
  t.is((await new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages })).message.content, 'on time');
});

test('ollama: a delayed reply still arrives when the client waits for it', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: 'late', delayMs: 80 }));
  const started = Date.now();
  t.is((await new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages })).message.content, 'late');
  t.true(Date.now() - started >= 75);
  t.false(fake.requests[0]?.abandoned);
});

test('ollama: a hang-up fails the chat with a fetch error, and a refused connection does too', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ hangup: true }));
  const hungUp = await t.throwsAsync(new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages }));
  t.is(hungUp.name, 'TypeError');
  t.is(hungUp.message, 'fetch failed');
  t.false(fake.requests[0]?.abandoned);
  const refused = await t.throwsAsync(new Ollama({ host: await refusedUrl() }).chat({ model: 'granite3.1-dense:8b', messages }));
  t.is((refused.cause as { code?: string }).code, 'ECONNREFUSED');
});

test('ollama: the request log shows what the client sent: format schema, options, keep_alive', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond((req) => ({ content: JSON.stringify({ sawFormat: req.format !== undefined, stream: req.stream }) }));
  const answer = await new Ollama({ host: fake.url }).chat({
    model: 'granite3.1-dense:8b',
    messages,
    format: schema,
    options: { temperature: 0.1, num_predict: 512 },
    keep_alive: '10m',
  });
  t.deepEqual(JSON.parse(answer.message.content), { sawFormat: true, stream: false });
  t.is(fake.requests.length, 1);
  t.like(fake.requests[0], { method: 'POST', path: '/api/chat' });
  t.deepEqual(fake.requests[0]?.body, {
    model: 'granite3.1-dense:8b',
    messages,
    format: schema,
    options: { temperature: 0.1, num_predict: 512 },
    keep_alive: '10m',
    stream: false,
  });
  t.is(fake.requests[0]?.headers['content-type'], 'application/json');
});

test('ollama: a format that is neither "json" nor a schema object fails as Ollama\'s runner does', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: '{}' }));
  const error = await t.throwsAsync(
    new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages, format: JSON.stringify(schema) }),
  );
  t.is((error as Error & { status_code?: number }).status_code, 500);
  t.regex(error.message, /^invalid format: /);
});

test('ollama: a malformed body gets 400 with an error field, and an empty conversation only loads the model', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  const malformed = await fetch(`${fake.url}/api/chat`, { method: 'POST', body: '{"model":' });
  t.is(malformed.status, 400);
  t.is(typeof ((await malformed.json()) as { error?: unknown }).error, 'string');
  const load = await fetch(`${fake.url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'granite3.1-dense:8b', messages: [], stream: false }),
  });
  t.like(await load.json(), { done: true, done_reason: 'load' });
});

test('ollama: a length-limited answer reports done_reason length', async (t) => {
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: '{"action":"rest', finishReason: 'length' }));
  t.is((await new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages })).done_reason, 'length');
});

test('ollama: close() ends a reply still being delayed', async (t) => {
  const fake = await startFakeOllama();
  fake.respond(() => ({ content: 'never', delayMs: 5000 }));
  const pending = new Ollama({ host: fake.url }).chat({ model: 'granite3.1-dense:8b', messages });
  await sleep(50);
  const started = Date.now();
  await fake.close();
  await t.throwsAsync(pending, { message: 'fetch failed' });
  t.true(Date.now() - started < 1000);
});

const completion = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

test('openai: a completion with a json_schema response_format returns the scripted content with usage', async (t) => {
  const fake = await startFakeOpenAi({ apiKey: 'sk-test-123456' });
  t.teardown(() => fake.close());
  fake.respond((req) => ({
    content: JSON.stringify({ action: req.response_format?.type === 'json_schema' ? 'restart-pod' : 'none' }),
    promptTokens: 120,
    completionTokens: 8,
  }));
  const body = {
    model: 'granite3.1-dense:8b',
    messages,
    temperature: 0.1,
    max_tokens: 512,
    response_format: { type: 'json_schema', json_schema: { name: 'remediation', schema, strict: true } },
  };
  const response = await completion(fake.url, body, { authorization: 'Bearer sk-test-123456' });
  t.is(response.status, 200);
  t.regex(response.headers.get('content-type') ?? '', /^application\/json/);
  const answer = (await response.json()) as {
    id: string;
    object: string;
    created: number;
    model: string;
    choices: Array<{ index: number; message: { role: string; content: string }; finish_reason: string }>;
    usage: unknown;
  };
  t.regex(answer.id, /^chatcmpl-/);
  t.is(answer.object, 'chat.completion');
  t.true(Number.isInteger(answer.created));
  t.is(answer.model, 'granite3.1-dense:8b');
  t.like(answer.choices[0], { index: 0, message: { role: 'assistant', content: '{"action":"restart-pod"}' }, finish_reason: 'stop' });
  t.deepEqual(answer.usage, { prompt_tokens: 120, completion_tokens: 8, total_tokens: 128 });
  t.deepEqual(fake.requests[0]?.body, body);
  t.is(fake.requests[0]?.headers.authorization, 'Bearer sk-test-123456');
});

test("openai: without the configured key, or with a wrong one, the answer is 401 in OpenAI's error shape", async (t) => {
  const fake = await startFakeOpenAi({ apiKey: 'sk-test-123456' });
  t.teardown(() => fake.close());
  fake.respond(() => ({ content: '{}' }));
  const missing = await completion(fake.url, { model: 'granite3.1-dense:8b', messages });
  t.is(missing.status, 401);
  t.like(await missing.json(), { error: { type: 'invalid_request_error', param: null, code: null } });
  const wrong = await completion(fake.url, { model: 'granite3.1-dense:8b', messages }, { authorization: 'Bearer sk-wrong-999999' });
  t.is(wrong.status, 401);
  const { error } = (await wrong.json()) as { error: { message: string; code: string } };
  t.is(error.code, 'invalid_api_key');
  t.false(error.message.includes('sk-wrong-999999'));
  t.is((await fetch(`${fake.url}/v1/models`)).status, 401);
});

test('openai: an unknown model is 404 model_not_found', async (t) => {
  const fake = await startFakeOpenAi();
  t.teardown(() => fake.close());
  const response = await completion(fake.url, { model: 'gpt-4o', messages });
  t.is(response.status, 404);
  t.deepEqual(await response.json(), {
    error: {
      message: 'The model `gpt-4o` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
  });
});

test('openai: scripted statuses, malformed bodies and bad response_format come back as OpenAI errors', async (t) => {
  const fake = await startFakeOpenAi();
  t.teardown(() => fake.close());
  fake.respond(() => ({ status: 503, error: 'The server is overloaded' }));
  const overloaded = await completion(fake.url, { model: 'granite3.1-dense:8b', messages });
  t.is(overloaded.status, 503);
  t.deepEqual(await overloaded.json(), { error: { message: 'The server is overloaded', type: 'server_error', param: null, code: null } });
  const malformed = await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body: '{"model":' });
  t.is(malformed.status, 400);
  t.like(await malformed.json(), { error: { type: 'invalid_request_error' } });
  const nameless = await completion(fake.url, {
    model: 'granite3.1-dense:8b',
    messages,
    response_format: { type: 'json_schema', json_schema: { schema } },
  });
  t.is(nameless.status, 400);
  t.like(await nameless.json(), { error: { param: 'response_format.json_schema.name', code: 'missing_required_parameter' } });
  const ollamaStyle = await completion(fake.url, { model: 'granite3.1-dense:8b', messages, response_format: schema });
  t.like(await ollamaStyle.json(), { error: { param: 'response_format.type', code: 'invalid_value' } });
});

const strictFormat = (schema: unknown, strict = true) => ({ type: 'json_schema', json_schema: { name: 'remediation', schema, strict } });
const loose = { type: 'object', properties: { action: { type: 'string' }, note: { type: 'string' } }, required: ['action'] };
const strictBreaks: [string, unknown, string][] = [
  [
    'a property left out of required',
    { ...loose, additionalProperties: false },
    "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'note'.",
  ],
  [
    'an object without additionalProperties: false',
    { ...loose, required: ['action', 'note'] },
    "In context=(), 'additionalProperties' is required to be supplied and to be false.",
  ],
  [
    'a nested object that is open',
    { ...schema, properties: { action: { type: 'object', properties: {}, required: [] } } },
    "In context=('properties', 'action'), 'additionalProperties' is required to be supplied and to be false.",
  ],
  [
    'a keyword outside the supported subset',
    { ...schema, properties: { action: { type: 'string', minLength: 1 } } },
    "In context=('properties', 'action'), 'minLength' is not permitted.",
  ],
  [
    'a required key that is not a property',
    { ...schema, required: ['action', 'ghost'] },
    "In context=(), Extra required key 'ghost' supplied.",
  ],
  [
    'a property schema without a type',
    { ...schema, properties: { action: { description: 'x' } } },
    "In context=('properties', 'action'), schema must have a 'type' key.",
  ],
  [
    'an array item that breaks a rule',
    { ...schema, properties: { action: { type: 'array', items: { type: 'string', default: 'x' } } } },
    "In context=('properties', 'action', 'items'), 'default' is not permitted.",
  ],
];
for (const [what, bad, message] of strictBreaks) {
  test(`openai: with strictSchemas, ${what} in a strict json_schema is a 400 naming the place, as OpenAI answers`, async (t) => {
    const fake = await startFakeOpenAi({ strictSchemas: true });
    t.teardown(() => fake.close());
    fake.respond(() => ({ content: '{}' }));
    const response = await completion(fake.url, { model: 'granite3.1-dense:8b', messages, response_format: strictFormat(bad) });
    t.is(response.status, 400);
    const error = { message: `Invalid schema for response_format 'remediation': ${message}`, type: 'invalid_request_error' };
    t.deepEqual(await response.json(), { error: { ...error, param: 'response_format', code: null } });
  });
}

test('openai: with strictSchemas, a root that is not an object is refused', async (t) => {
  const fake = await startFakeOpenAi({ strictSchemas: true });
  t.teardown(() => fake.close());
  const format = strictFormat({ type: 'array', items: schema });
  const response = await completion(fake.url, { model: 'granite3.1-dense:8b', messages, response_format: format });
  const message = `Invalid schema for response_format 'remediation': schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`;
  t.like(await response.json(), { error: { message } });
});

test('openai: a schema that keeps the strict rules passes; the rules apply only to strict: true, and when asked', async (t) => {
  const strict = await startFakeOpenAi({ strictSchemas: true });
  const lenient = await startFakeOpenAi();
  t.teardown(() => Promise.all([strict.close(), lenient.close()]));
  for (const fake of [strict, lenient]) fake.respond(() => ({ content: '{}' }));
  const note = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  const nullable = { ...loose, properties: { ...loose.properties, note }, required: ['action', 'note'], additionalProperties: false };
  t.is((await completion(strict.url, { model: 'granite3.1-dense:8b', messages, response_format: strictFormat(nullable) })).status, 200);
  t.is((await completion(strict.url, { model: 'granite3.1-dense:8b', messages, response_format: strictFormat(loose, false) })).status, 200);
  t.is((await completion(lenient.url, { model: 'granite3.1-dense:8b', messages, response_format: strictFormat(loose) })).status, 200);
});

test('openai: a streamed completion arrives as chat.completion.chunk events that reassemble the content and end with [DONE]', async (t) => {
  const fake = await startFakeOpenAi();
  t.teardown(() => fake.close());
  const content = '{"action":"cordon-node","node":"worker-3"}';
  fake.respond(() => ({ content, promptTokens: 50, completionTokens: 12 }));
  const response = await completion(fake.url, {
    model: 'granite3.1-dense:8b',
    messages,
    stream: true,
    stream_options: { include_usage: true },
    response_format: { type: 'json_object' },
  });
  t.regex(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const data = (await response.text())
    .split('\n\n')
    .filter(Boolean)
    .map((event) => event.replace(/^data: /, ''));
  t.is(data.at(-1), '[DONE]');
  const chunks = data.slice(0, -1).map(
    (d) =>
      JSON.parse(d) as {
        object: string;
        choices: Array<{ delta: { role?: string; content?: string }; finish_reason: string | null }>;
        usage: unknown;
      },
  );
  t.true(chunks.every((c) => c.object === 'chat.completion.chunk'));
  t.is(chunks[0]?.choices[0]?.delta.role, 'assistant');
  t.is(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), content);
  t.is(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
  t.deepEqual(chunks.at(-1)?.usage, { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 });
});

test('openai: /v1/models lists the served models', async (t) => {
  const fake = await startFakeOpenAi({ models: ['ibm-granite/granite-3.1-8b-instruct', 'granite3.1-dense:8b'] });
  t.teardown(() => fake.close());
  const response = await fetch(`${fake.url}/v1/models`);
  t.is(response.status, 200);
  const list = (await response.json()) as {
    object: string;
    data: Array<{ id: string; object: string; created: number; owned_by: string }>;
  };
  t.is(list.object, 'list');
  t.deepEqual(
    list.data.map((m) => m.id),
    ['ibm-granite/granite-3.1-8b-instruct', 'granite3.1-dense:8b'],
  );
  t.true(list.data.every((m) => m.object === 'model' && typeof m.created === 'number' && typeof m.owned_by === 'string'));
});

test('openai: a slow reply is abandoned by a timed-out fetch and the fake keeps serving', async (t) => {
  const fake = await startFakeOpenAi();
  t.teardown(() => fake.close());
  fake.respond((_, n) => (n === 0 ? { content: 'late', delayMs: 5000 } : { content: 'on time' }));
  const body = JSON.stringify({ model: 'granite3.1-dense:8b', messages });
  await t.throwsAsync(fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body, signal: AbortSignal.timeout(300) }), {
    name: 'TimeoutError',
  });
  t.true(await seesAbandoned(fake.requests));
  const answer = (await (await completion(fake.url, { model: 'granite3.1-dense:8b', messages })).json()) as {
    choices: Array<{ message: { content: string } }>;
  };
  t.is(answer.choices[0]?.message.content, 'on time');
});
