import type { BenchRun } from './local-run.ts';

/** Waits until every function's invocation count stayed still for `quietMs` with `done` true; resolves with when they last moved. */
export const drained = async (
  run: BenchRun,
  done: (counts: Record<string, number>) => boolean,
  quietMs = 600,
  timeoutMs = 120_000,
): Promise<number> => {
  const started = performance.now();
  let last = '';
  let movedAt = performance.now();
  for (;;) {
    const counts = await run.invocations();
    const key = JSON.stringify(counts);
    if (key !== last) [last, movedAt] = [key, performance.now()];
    if (done(counts) && performance.now() - movedAt >= quietMs) return movedAt;
    if (performance.now() - started > timeoutMs) throw new Error(`the pipeline did not drain within ${timeoutMs} ms: ${key}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
