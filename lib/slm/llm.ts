/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A model's answer and what the server said about it. */
export interface LlmReply {
  content: string;
  model: string;
  modelDigest: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** The model could not answer (unreachable, too slow, refused the request): the rules answer instead. */
export class LlmUnavailableError extends Error {
  override readonly name = 'LlmUnavailableError';
}

/** Per call: `signal` aborts the call and its retries (the analysis's budget is spent). */
export interface ChatOptions {
  signal?: AbortSignal;
}

/** How one request to the model ended: answered, refused (HTTP error or a body that is no answer), too slow, or not reached. */
export type LlmCallOutcome = 'ok' | 'error' | 'timeout' | 'unreachable';

/** Observes every request to the model, retries and repairs included (a prom-client Histogram fits). */
export interface LlmCallObserver {
  observe(labels: { model: string; provider: string; outcome: LlmCallOutcome }, seconds: number): void;
}

/** The port to a language model with structured output. */
export interface Llm {
  readonly provider: 'ollama' | 'openai' | 'localai';
  readonly model: string;
  /** One structured chat call (with the configured timeout, retries and backoff); throws LlmUnavailableError. */
  chat(messages: readonly ChatMessage[], format: Record<string, unknown>, options?: ChatOptions): Promise<LlmReply>;
}

/** The per-attempt signal: the configured timeout, and the caller's signal when it gave one. */
export const attemptSignal = (timeoutMs: number, options: ChatOptions | undefined): AbortSignal =>
  options?.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), options.signal]) : AbortSignal.timeout(timeoutMs);
