import type { LlmCallObserver, LlmCallOutcome } from './llm.ts';

/** How a failed request ended: its deadline passed, no connection was made, or the server answered with a failure. */
export const failedCallOutcome = (error: unknown): LlmCallOutcome => {
  const e = error as Error & { cause?: { code?: unknown } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  // undici's fetch fails with "fetch failed" and the socket's error (ECONNREFUSED, ENOTFOUND…) as its cause.
  return typeof e.cause?.code === 'string' || e.message === 'fetch failed' ? 'unreachable' : 'error';
};

/** `attempt`, timed into `observer` (when there is one) with the outcome of each call. */
export const observedAttempt =
  <T>(attempt: () => Promise<T>, observer: LlmCallObserver | undefined, labels: { model: string; provider: string }) =>
  async (): Promise<T> => {
    if (!observer) return attempt();
    const started = performance.now();
    const observe = (outcome: LlmCallOutcome) => observer.observe({ ...labels, outcome }, (performance.now() - started) / 1000);
    try {
      const result = await attempt();
      observe('ok');
      return result;
    } catch (error) {
      observe(failedCallOutcome(error));
      throw error;
    }
  };
