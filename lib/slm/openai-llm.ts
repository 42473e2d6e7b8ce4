import { fetchFailure } from '../errors/fetch-failure.ts';
import { attemptSignal, LlmUnavailableError, type Llm, type LlmCallObserver, type LlmReply } from './llm.ts';
import type { LlmSettings } from './ollama-llm.ts';
import { observedAttempt } from './observed-attempt.ts';
import { withRetries } from '../errors/retry.ts';
import { strictJsonSchema } from './strict-json-schema.ts';

class HttpStatusError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const retryable = (error: unknown) => !(error instanceof HttpStatusError) || error.status >= 500 || error.status === 429;

// vLLM, LocalAI and llama.cpp serve /v1/chat/completions; accept an endpoint given with or without /v1.
const completionsUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;

type Completion = {
  model?: string;
  system_fingerprint?: string;
  choices?: { message?: { content?: string } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
};

/**
 * Any OpenAI-compatible chat server (`provider` names which: openai, or localai), with `response_format:
 * json_schema`; same timeout, retries and backoff; each attempt observed by `observer`.
 */
export const createOpenAiLlm = (
  settings: LlmSettings,
  observing: { observer?: LlmCallObserver | undefined; provider?: 'openai' | 'localai' } = {},
): Llm => ({
  provider: observing.provider ?? 'openai',
  model: settings.model,
  async chat(messages, format, options): Promise<LlmReply> {
    const call = async (): Promise<Completion> => {
      const response = await fetch(completionsUrl(settings.endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
        body: JSON.stringify({
          model: settings.model,
          messages,
          temperature: settings.temperature,
          max_tokens: settings.maxTokens,
          stream: false,
          response_format: { type: 'json_schema', json_schema: { name: 'recommendation', schema: strictJsonSchema(format), strict: true } },
        }),
        signal: attemptSignal(settings.timeoutMs, options),
      });
      const text = await response.text();
      if (!response.ok) {
        const message = (() => {
          try {
            const body = JSON.parse(text) as { error?: { message?: string } | string };
            return typeof body.error === 'string' ? body.error : (body.error?.message ?? text);
          } catch {
            return text;
          }
        })();
        throw new HttpStatusError(response.status, `HTTP ${response.status}: ${message.slice(0, 300)}`);
      }
      return JSON.parse(text) as Completion;
    };
    try {
      const labels = { model: settings.model, provider: observing.provider ?? 'openai' };
      const retries = {
        retries: settings.retryCount,
        baseDelayMs: settings.retryBaseDelayMs ?? 500,
        retryable,
        ...(options?.signal ? { signal: options.signal } : {}),
      };
      const r = await withRetries(observedAttempt(call, observing.observer, labels), retries);
      const content = r.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new Error('the answer has no choices[0].message.content');
      return {
        content,
        model: r.model ?? settings.model,
        modelDigest: r.system_fingerprint ?? null,
        promptTokens: r.usage?.prompt_tokens ?? null,
        completionTokens: r.usage?.completion_tokens ?? null,
      };
    } catch (error) {
      throw new LlmUnavailableError(`openai-compatible server at ${settings.endpoint}: ${fetchFailure(error, settings.timeoutMs)}`);
    }
  },
});
