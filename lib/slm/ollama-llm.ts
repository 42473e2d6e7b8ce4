import { Ollama } from 'ollama';
import { fetchFailure } from '../errors/fetch-failure.ts';
import { attemptSignal, LlmUnavailableError, type ChatOptions, type Llm, type LlmCallObserver, type LlmReply } from './llm.ts';
import { observedAttempt } from './observed-attempt.ts';
import { withRetries } from '../errors/retry.ts';

/** How to reach and drive the model. */
export interface LlmSettings {
  endpoint: string;
  model: string;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  retryCount: number;
  apiKey: string | null;
  retryBaseDelayMs?: number;
}

const statusOf = (error: unknown): number | null => {
  const s = (error as { status_code?: unknown }).status_code;
  return typeof s === 'number' ? s : null;
};
// Retry what may pass: the server's 5xx and 429, timeouts and refused connections; a 4xx (unknown model) will not.
const retryable = (error: unknown) => {
  const status = statusOf(error);
  return status === null || status >= 500 || status === 429;
};
const describe = (error: unknown, timeoutMs: number): string => {
  const status = statusOf(error);
  return status ? `HTTP ${status}: ${(error as Error).message}` : fetchFailure(error, timeoutMs);
};

/**
 * Ollama through ollama-js: one non-streaming structured chat per call, aborted at the timeout (or the caller's
 * signal), retried with backoff; each attempt observed by `observer`.
 */
export const createOllamaLlm = (settings: LlmSettings, observing: { observer?: LlmCallObserver | undefined } = {}): Llm => {
  // ollama-js gives non-streaming calls no timeout or abort: each call gets a client whose fetch carries its signal.
  const clientFor = (options?: ChatOptions) =>
    new Ollama({
      host: settings.endpoint,
      fetch: (input, init) => fetch(input, { ...init, signal: attemptSignal(settings.timeoutMs, options) }),
      ...(settings.apiKey ? { headers: { authorization: `Bearer ${settings.apiKey}` } } : {}),
    });
  const client = clientFor();
  let digest: Promise<string | null> | undefined;
  const modelDigest = () =>
    (digest ??= client
      .list()
      .then((r) => r.models.find((m) => m.name === settings.model || m.model === settings.model)?.digest ?? null)
      .catch(() => null));
  return {
    provider: 'ollama',
    model: settings.model,
    async chat(messages, format, options): Promise<LlmReply> {
      const caller = options?.signal ? clientFor(options) : client;
      try {
        const sampling = { temperature: settings.temperature, num_predict: settings.maxTokens };
        const attempt = () => caller.chat({ model: settings.model, messages: [...messages], format, stream: false, options: sampling });
        const r = await withRetries(observedAttempt(attempt, observing.observer, { model: settings.model, provider: 'ollama' }), {
          retries: settings.retryCount,
          baseDelayMs: settings.retryBaseDelayMs ?? 500,
          retryable,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
        return {
          content: r.message.content,
          model: r.model,
          modelDigest: await modelDigest(),
          promptTokens: r.prompt_eval_count ?? null,
          completionTokens: r.eval_count ?? null,
        };
      } catch (error) {
        throw new LlmUnavailableError(`ollama at ${settings.endpoint}: ${describe(error, settings.timeoutMs)}`);
      }
    },
  };
};
