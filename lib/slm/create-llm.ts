import type { Config } from '../config/config-schema.ts';
import { limitConcurrency } from './concurrency-limit.ts';
import type { Llm } from './llm.ts';
import { createOllamaLlm } from './ollama-llm.ts';
import { createOpenAiLlm } from './openai-llm.ts';

/** The configured model client, at most SLM_CONCURRENCY calls at once (it connects on first call; an unreachable model makes the rules answer). */
export const createLlm = (slm: Config['slm']): Llm => {
  const settings = { ...slm, apiKey: slm.apiKey?.reveal() ?? null };
  return limitConcurrency(slm.provider === 'openai' ? createOpenAiLlm(settings) : createOllamaLlm(settings), slm.concurrency);
};
