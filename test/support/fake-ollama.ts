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

/** One entry of Ollama's `GET /api/tags`. */
export interface OllamaModel {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  digest: string;
  details: { parent_model: string; format: string; family: string; families: string[]; parameter_size: string; quantization_level: string };
}

/** One chat message as sent to `POST /api/chat`. */
export interface OllamaMessage {
  role: string;
  content: string;
  [field: string]: unknown;
}

/** A `POST /api/chat` body as the script sees it, `stream` already defaulted to true as Ollama does. */
export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
  keep_alive?: string | number;
  tools?: unknown[];
  think?: unknown;
}

/** An Ollama stand-in over real HTTP: `/api/tags` lists the live `models` array, `/api/chat` (JSON or NDJSON stream) answers as `respond` scripts. */
export interface FakeOllama {
  url: string;
  models: OllamaModel[];
  requests: RecordedRequest[];
  respond: (script: Script<OllamaChatRequest>) => void;
  close(): Promise<void>;
}

/** A `/api/tags` entry for `name` (tag `:latest` when none), with plausible details for the fields not given. */
export const ollamaModel = (name: string, fields: Partial<OllamaModel> = {}): OllamaModel => ({
  name: withTag(name),
  model: withTag(name),
  modified_at: '2025-01-06T10:12:31.417838471Z',
  size: 4942877287,
  digest: 'a1d2e3f4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2',
  details: {
    parent_model: '',
    format: 'gguf',
    family: 'granite',
    families: ['granite'],
    parameter_size: '8.2B',
    quantization_level: 'Q4_K_M',
  },
  ...fields,
});

export const startFakeOllama = async ({
  models = [ollamaModel('granite3.1-dense:8b')],
}: {
  models?: OllamaModel[];
} = {}): Promise<FakeOllama> => {
  let script: Script<OllamaChatRequest> = () => ({ status: 500, error: 'fake ollama: no scripted reply' });
  let n = 0;
  const http = await startFakeHttp(async ({ req, res, json }) => {
    const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    if (route === 'GET /' || route === 'HEAD /')
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Ollama is running');
    if (route === 'GET /api/tags') return sendJson(res, 200, { models });
    // gin answers unknown routes and methods with a plain-text 404
    if (route !== 'POST /api/chat') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    if (!json.ok)
      return sendJson(res, 400, {
        error: json.error === 'empty body' ? 'missing request body' : `invalid character in request body: ${json.error}`,
      });
    // Go decodes a JSON null into the zero request, which then lacks a model.
    const body = json.value ?? {};
    if (typeof body !== 'object' || Array.isArray(body))
      return sendJson(res, 400, {
        error: `json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type api.ChatRequest`,
      });
    const request = { ...body, stream: (body as { stream?: unknown }).stream !== false } as OllamaChatRequest;
    if (typeof request.model !== 'string' || request.model === '') return sendJson(res, 400, { error: 'model is required' });
    if (!models.some((m) => m.name === withTag(request.model)))
      return sendJson(res, 404, { error: `model "${request.model}" not found, try pulling it first` });
    const formatError = checkFormat(request.format);
    if (formatError) return sendJson(res, 500, { error: formatError });
    const started = process.hrtime.bigint();
    // An empty conversation only loads the model.
    if (!Array.isArray(request.messages) || request.messages.length === 0)
      return sendJson(res, 200, {
        model: request.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: 'load',
      });
    const reply = await scriptedReply(script, request, n++, res);
    if (!reply) return;
    if ('status' in reply) return sendJson(res, reply.status, { error: reply.error });
    const parts = pieces(reply.content);
    const promptTokens = reply.promptTokens ?? roughTokens(request.messages.map((m) => String(m.content ?? '')).join('\n'));
    const evalCount = reply.completionTokens ?? Math.max(1, parts.length);
    const message = (content: string) => ({
      model: request.model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content },
    });
    const final = (content: string) => ({
      ...message(content),
      done: true,
      done_reason: reply.finishReason ?? 'stop',
      ...counters(started, promptTokens, evalCount),
    });
    if (!request.stream) {
      if (reply.streamError) return sendJson(res, 500, { error: reply.streamError });
      return sendJson(res, 200, final(reply.content));
    }
    await streamLines(res, [
      ...parts.map((p) => ({ ...message(p), done: false })),
      reply.streamError ? { error: reply.streamError } : final(''),
    ]);
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

const withTag = (name: string): string => (name.includes(':') ? name : `${name}:latest`);

// Ollama accepts "json" or a JSON Schema object; anything else fails in the runner, after the model loaded.
const checkFormat = (format: unknown): string | undefined => {
  if (format === undefined || format === null || format === '' || format === 'json') return undefined;
  if (typeof format === 'object' && !Array.isArray(format)) return undefined;
  return `invalid format: ${JSON.stringify(JSON.stringify(format))}; expected "json" or a valid JSON Schema object`;
};

const counters = (started: bigint, promptTokens: number, evalCount: number) => {
  const load = 1_200_000;
  const promptEval = promptTokens * 150_000;
  const evaluation = evalCount * 18_000_000;
  const elapsed = Number(process.hrtime.bigint() - started);
  return {
    total_duration: elapsed + load + promptEval + evaluation,
    load_duration: load,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEval,
    eval_count: evalCount,
    eval_duration: evaluation,
  };
};

const streamLines = async (res: ServerResponse, lines: unknown[]): Promise<void> => {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const line of lines) {
    if (res.destroyed) return;
    res.write(`${JSON.stringify(line)}\n`);
    await nextTick();
  }
  if (!res.destroyed) res.end();
};
