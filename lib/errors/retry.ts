/**
 * Calls `attempt` until it succeeds, it fails with a non-retryable error, `retries` retries are spent, or `signal`
 * aborts (no retry starts after that).
 */
export const withRetries = async <T>(
  attempt: (n: number) => Promise<T>,
  options: {
    retries: number;
    baseDelayMs: number;
    retryable: (error: unknown) => boolean;
    sleep?: (ms: number) => Promise<void>;
    signal?: AbortSignal;
  },
): Promise<T> => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.retries || !options.retryable(error) || options.signal?.aborted) throw error;
      // Exponential backoff: base, 2×base, 4×base…
      await sleep(options.baseDelayMs * 2 ** n);
    }
  }
};
