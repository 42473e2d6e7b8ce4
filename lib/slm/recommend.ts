import { createHash } from 'node:crypto';
import type { Provenance } from '../domain/provenance.ts';
import type { AnalysisContext } from './analysis-context.ts';
import { LlmUnavailableError, type ChatMessage, type Llm, type LlmReply } from './llm.ts';
import { PROMPT_VERSION, buildMessages, repairMessages } from './prompt.ts';
import { outputFormat } from './recommendation-output.ts';
import { decideByRules } from './rules.ts';
import { validateAnswer, type ValidAnswer } from './validate-answer.ts';

/**
 * Why the model's first answer was not simply used: none configured, unavailable (unreachable, too slow, failing) or
 * invalid even after the repair (the rules answered), or invalid and then repaired (the model answered).
 */
export type Degradation = 'no_model' | 'model_unavailable' | 'invalid_output' | 'repaired';

/** A checked recommendation with where it came from, why it degraded (null: it did not), and the model's raw answer (null from the rules). */
export interface Recommendation extends ValidAnswer {
  provenance: Provenance;
  degradation: Degradation | null;
  rawOutput: string | null;
}

/** Where model answers are cached (the store, in production: scale-to-zero keeps nothing in memory). */
export interface AnswerCache {
  get(key: string): Promise<CachedAnswer | null>;
  put(key: string, value: CachedAnswer): Promise<void>;
}
/** A cached model answer. */
export interface CachedAnswer {
  content: string;
  model: string;
  modelDigest: string | null;
}

/** The cache key: the identical prompt (version and text) to the identical model gives the identical answer. */
export const cacheKey = (llm: Llm, messages: readonly ChatMessage[]): string =>
  createHash('sha256')
    .update(JSON.stringify([PROMPT_VERSION, llm.provider, llm.model, messages]))
    .digest('hex');

const tokens = (...replies: LlmReply[]) => ({
  prompt: replies.every((r) => r.promptTokens !== null) ? replies.reduce((n, r) => n + (r.promptTokens ?? 0), 0) : null,
  completion: replies.every((r) => r.completionTokens !== null) ? replies.reduce((n, r) => n + (r.completionTokens ?? 0), 0) : null,
});

/**
 * Asks the model for a structured recommendation; validates it; on an invalid answer shows the model its error
 * once; when the model is unavailable, too slow, or still wrong, the rules answer and the provenance says why.
 */
export const recommend = async (
  deps: { llm: Llm | null; cache: AnswerCache | null; budgetMs?: number; clock?: () => number },
  context: AnalysisContext,
): Promise<Recommendation> => {
  const clock = deps.clock ?? (() => performance.now());
  const started = clock();
  const provenance = (source: Provenance['source'], extra: Partial<Provenance> = {}): Provenance => ({
    source,
    provider: deps.llm?.provider ?? null,
    model: deps.llm?.model ?? null,
    modelDigest: null,
    promptVersion: PROMPT_VERSION,
    latencyMs: Math.round((clock() - started) * 10) / 10,
    tokens: { prompt: null, completion: null },
    degraded: null,
    ...extra,
  });
  const byRules = (degradation: Degradation, degraded: string, rawOutput: string | null = null): Recommendation => {
    const { rule: _rule, ...answer } = decideByRules(context);
    return { ...answer, provenance: provenance('rules', { degraded }), degradation, rawOutput };
  };
  const { llm } = deps;
  if (!llm) return byRules('no_model', 'no model configured');

  const messages = buildMessages(context);
  const key = cacheKey(llm, messages);
  const cached = await deps.cache?.get(key);
  if (cached) {
    const v = validateAnswer(cached.content, context);
    const fromCache = provenance('cache', { model: cached.model, modelDigest: cached.modelDigest });
    if (v.ok) return { ...v.answer, provenance: fromCache, degradation: null, rawOutput: cached.content };
  }

  const format = outputFormat(context.allowedActions);
  // Every model call of this analysis (first answer, retries, repair, waiting for a turn) fits in one budget, so
  // the whole analysis ends inside the broker's delivery timeout and the rules still answer in time.
  const budget = deps.budgetMs === undefined ? undefined : AbortSignal.timeout(deps.budgetMs);
  const options = budget ? { signal: budget } : {};
  const replies: LlmReply[] = [];
  // Every answer the model gave, as stored with the recommendation.
  const raw = () => replies.map((r) => r.content).join('\n---\n');
  try {
    replies.push(await llm.chat(messages, format, options));
    let v = validateAnswer(replies[0]?.content ?? '', context);
    let degraded: string | null = null;
    if (!v.ok) {
      degraded = `first answer refused (${v.problem}); repaired`;
      replies.push(await llm.chat(repairMessages(messages, replies[0]?.content ?? '', v.problem), format, options));
      const first = v.problem;
      v = validateAnswer(replies[1]?.content ?? '', context);
      if (!v.ok) return byRules('invalid_output', `invalid model output: ${first}; after repair: ${v.problem}`, raw());
    }
    const last = replies.at(-1) as LlmReply;
    await deps.cache?.put(key, { content: last.content, model: last.model, modelDigest: last.modelDigest });
    return {
      ...v.answer,
      provenance: provenance('slm', { model: last.model, modelDigest: last.modelDigest, tokens: tokens(...replies), degraded }),
      degradation: degraded ? 'repaired' : null,
      rawOutput: raw(),
    };
  } catch (error) {
    if (!(error instanceof LlmUnavailableError)) throw error;
    if (budget?.aborted) return byRules('model_unavailable', `model budget of ${deps.budgetMs} ms spent (${error.message})`, raw() || null);
    return byRules('model_unavailable', `model unavailable: ${error.message}`, raw() || null);
  }
};
