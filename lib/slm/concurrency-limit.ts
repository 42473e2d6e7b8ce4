import { LlmUnavailableError, type ChatOptions, type Llm } from './llm.ts';

/**
 * At most `limit` model calls at once from this process (a small model server answers one or two at a time;
 * more only queue there, each against its own timeout). A call waiting for its turn leaves the queue when its
 * signal aborts: the analysis's budget was spent waiting, and the rules answer.
 */
export const limitConcurrency = (llm: Llm, limit: number): Llm => {
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = (options?: ChatOptions) =>
    new Promise<void>((resolve, reject) => {
      if (active < limit) {
        active++;
        return resolve();
      }
      const signal = options?.signal;
      const grant = () => {
        signal?.removeEventListener('abort', leave);
        active++;
        resolve();
      };
      const leave = () => {
        waiting.splice(waiting.indexOf(grant), 1);
        reject(new LlmUnavailableError(`the model budget was spent waiting for one of ${limit} model calls at once`));
      };
      waiting.push(grant);
      signal?.addEventListener('abort', leave, { once: true });
    });
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    provider: llm.provider,
    model: llm.model,
    async chat(messages, format, options) {
      await acquire(options);
      try {
        return await llm.chat(messages, format, options);
      } finally {
        release();
      }
    },
  };
};
