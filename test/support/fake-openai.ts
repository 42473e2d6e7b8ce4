import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  nextTick,
  pieces,
  roughTokens,
  scriptedReply,
  sendJson,
  startFakeHttp,
  type RecordedRequest,
  type Script,
} from './fake-model-http.ts';
import { strictSchemaProblem } from './fake-openai-strict.ts';

/** One chat message as sent to `POST /v1/chat/completions`. */
export interface OpenAiMessage {
  role: string;
  content: string | null;
  [field: string]: unknown;
}

/** A `POST /v1/chat/completions` body as the script sees it, `stream` defaulted to false as OpenAI does. */
export interface OpenAiChatRequest {
  model: string;
  messages: OpenAiMessage[];
  stream: boolean;
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?:
    | { type: 'text' }
    | { type: 'json_object' }
    | { type: 'json_schema'; json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string } };
  stream_options?: { include_usage?: boolean };
  [field: string]: unknown;
}

/** An OpenAI-compatible server stand-in (as vLLM, LocalAI or llama.cpp serve it) over real HTTP; `url` is the root, routes are under /v1, `models` is live. */
export interface FakeOpenAi {
  url: string;
  models: string[];
  requests: RecordedRequest[];
  respond: (script: Script<OpenAiChatRequest>) => void;
  close(): Promise<void>;
}

/**
 * What the fake serves: its model ids, the Bearer key it demands (none by default), and whether it holds a
 * `strict: true` json_schema to OpenAI's strict structured-output rules (as OpenAI and Azure OpenAI do; vLLM does not).
 */
export interface FakeOpenAiOptions {
  models?: string[];
  apiKey?: string;
  strictSchemas?: boolean;
}

export const startFakeOpenAi = async ({
  models = ['granite3.1-dense:8b'],
  apiKey,
  strictSchemas = false,
}: FakeOpenAiOptions = {}): Promise<FakeOpenAi> => {
  let script: Script<OpenAiChatRequest> = () => ({ status: 500, error: 'fake openai: no scripted reply' });
  let n = 0;
  const http = await startFakeHttp(async ({ req, res, json }) => {
    const path = (req.url ?? '/').split('?')[0];
    if (apiKey !== undefined) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (given === undefined)
        return fail(
          res,
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          { type: 'invalid_request_error' },
        );
      if (given !== apiKey)
        return fail(res, 401, `Incorrect API key provided: ${redact(given)}.`, { type: 'invalid_request_error', code: 'invalid_api_key' });
    }
    if (req.method === 'GET' && path === '/v1/models')
      return sendJson(
        res,
        200,
        { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1736150400, owned_by: 'vllm' })) },
        'application/json',
      );
    if (req.method !== 'POST' || path !== '/v1/chat/completions')
      return fail(res, 404, `Invalid URL (${req.method} ${path})`, { type: 'invalid_request_error' });
    if (!json.ok)
      return fail(
        res,
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        { type: 'invalid_request_error' },
      );
    const body = json.value;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(
        res,
        400,
        `Invalid type for body: expected an object, but got ${Array.isArray(body) ? 'an array' : 'a ' + (body === null ? 'null' : typeof body)} instead.`,
        { type: 'invalid_request_error', code: 'invalid_type' },
      );
    const request = { ...body, stream: (body as { stream?: unknown }).stream === true } as OpenAiChatRequest;
    if (typeof request.model !== 'string' || request.model === '')
      return fail(res, 400, 'you must provide a model parameter', { type: 'invalid_request_error' });
    if (request.messages === undefined)
      return fail(res, 400, "Missing required parameter: 'messages'.", {
        type: 'invalid_request_error',
        param: 'messages',
        code: 'missing_required_parameter',
      });
    if (!Array.isArray(request.messages) || request.messages.length === 0)
      return fail(res, 400, `Invalid 'messages': expected a non-empty array.`, {
        type: 'invalid_request_error',
        param: 'messages',
        code: 'invalid_value',
      });
    const formatError = checkResponseFormat(request.response_format);
    if (formatError)
      return fail(res, 400, formatError.message, { type: 'invalid_request_error', param: formatError.param, code: formatError.code });
    const strictError = strictSchemas ? strictFormatProblem(request.response_format) : undefined;
    if (strictError) return fail(res, 400, strictError, { type: 'invalid_request_error', param: 'response_format' });
    if (!models.includes(request.model))
      return fail(res, 404, `The model \`${request.model}\` does not exist or you do not have access to it.`, {
        type: 'invalid_request_error',
        code: 'model_not_found',
      });
    const reply = await scriptedReply(script, request, n++, res);
    if (!reply) return;
    if ('status' in reply) return fail(res, reply.status, reply.error, scriptedErrorKind(reply.status));
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const created = Math.floor(Date.now() / 1000);
    const finishReason = reply.finishReason ?? 'stop';
    const parts = pieces(reply.content);
    const promptTokens = reply.promptTokens ?? roughTokens(request.messages.map((m) => String(m.content ?? '')).join('\n'));
    const completionTokens = reply.completionTokens ?? Math.max(1, parts.length);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (!request.stream) {
      if (reply.streamError) return fail(res, 500, reply.streamError, { type: 'server_error' });
      return sendJson(
        res,
        200,
        {
          id,
          object: 'chat.completion',
          created,
          model: request.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: reply.content, refusal: null },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
          usage,
        },
        'application/json',
      );
    }
    const withUsage = request.stream_options?.include_usage === true;
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });
    const events: unknown[] = [chunk({ role: 'assistant', content: '' }, null), ...parts.map((p) => chunk({ content: p }, null))];
    if (reply.streamError) events.push(errorBody(reply.streamError, { type: 'server_error' }));
    else {
      events.push(chunk({}, finishReason));
      if (withUsage) events.push({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage });
    }
    await streamEvents(res, events);
  });
  return {
    url: http.url,
    models,
    requests: http.requests,
    respond: (next) => {
      script = next;
    },
    close: http.close,
  };
};

interface ErrorKind {
  type: string;
  param?: string;
  code?: string;
}

const errorBody = (message: string, { type, param, code }: ErrorKind) => ({
  error: { message, type, param: param ?? null, code: code ?? null },
});

const fail = (res: ServerResponse, status: number, message: string, kind: ErrorKind): void =>
  sendJson(res, status, errorBody(message, kind), 'application/json');

const scriptedErrorKind = (status: number): ErrorKind => {
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  return { type: status >= 500 ? 'server_error' : 'invalid_request_error' };
};

const redact = (key: string): string =>
  key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;

// OpenAI's own checks on response_format; the JSON Schema itself is not validated (vLLM does not either).
const checkResponseFormat = (format: unknown): { message: string; param: string; code: string } | undefined => {
  if (format === undefined || format === null) return undefined;
  if (typeof format !== 'object' || Array.isArray(format))
    return {
      message: `Invalid type for 'response_format': expected an object, but got ${Array.isArray(format) ? 'an array' : 'a ' + typeof format} instead.`,
      param: 'response_format',
      code: 'invalid_type',
    };
  const { type, json_schema: schema } = format as { type?: unknown; json_schema?: unknown };
  if (type === undefined)
    return {
      message: "Missing required parameter: 'response_format.type'.",
      param: 'response_format.type',
      code: 'missing_required_parameter',
    };
  if (type !== 'text' && type !== 'json_object' && type !== 'json_schema')
    return {
      message: `Invalid value: '${String(type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
      param: 'response_format.type',
      code: 'invalid_value',
    };
  if (type !== 'json_schema') return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return {
      message: "Missing required parameter: 'response_format.json_schema'.",
      param: 'response_format.json_schema',
      code: 'missing_required_parameter',
    };
  const { name, schema: body } = schema as { name?: unknown; schema?: unknown };
  if (typeof name !== 'string' || name === '')
    return {
      message: "Missing required parameter: 'response_format.json_schema.name'.",
      param: 'response_format.json_schema.name',
      code: 'missing_required_parameter',
    };
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name))
    return {
      message: `Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      param: 'response_format.json_schema.name',
      code: 'invalid_value',
    };
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
    return {
      message: "Invalid type for 'response_format.json_schema.schema': expected an object.",
      param: 'response_format.json_schema.schema',
      code: 'invalid_type',
    };
  return undefined;
};

const strictFormatProblem = (format: OpenAiChatRequest['response_format']): string | undefined =>
  format?.type === 'json_schema' && format.json_schema.strict === true
    ? strictSchemaProblem(format.json_schema.name, format.json_schema.schema)
    : undefined;

const streamEvents = async (res: ServerResponse, events: unknown[]): Promise<void> => {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const event of events) {
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(event)}\n\n`);
    await nextTick();
  }
  if (!res.destroyed) res.end('data: [DONE]\n\n');
};
