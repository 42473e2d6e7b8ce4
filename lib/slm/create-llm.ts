import type { Config } from '../config/config-schema.ts';
import { limitConcurrency } from './concurrency-limit.ts';
import type { Llm, LlmCallObserver } from './llm.ts';
import { createOllamaLlm } from './ollama-llm.ts';
import { createOpenAiLlm } from './openai-llm.ts';

/**
 * The configured model client, at most SLM_CONCURRENCY calls at once (it connects on first call; an unreachable
 * model makes the rules answer): Ollama, or an OpenAI-compatible server (openai, localai). `observer` times every
 * request it sends.
 */
export const createLlm = (slm: Config['slm'], observer?: LlmCallObserver): Llm => {
  const settings = { ...slm, apiKey: slm.apiKey?.reveal() ?? null };
  const openAi = slm.provider === 'openai' || slm.provider === 'localai';
  return limitConcurrency(
    openAi
      ? createOpenAiLlm(settings, { observer, provider: slm.provider as 'openai' | 'localai' })
      : createOllamaLlm(settings, { observer }),
    slm.concurrency,
  );
};
