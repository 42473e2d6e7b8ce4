import { Agent, request } from 'node:http';

/** What a load run measured: completed requests per second and per-request latency percentiles (ms). */
export interface LoadResult {
  rate: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

const postOnce = (agent: Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        method: 'POST',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });

/**
 * Posts `body` to `url` from `concurrency` keep-alive connections for `durationMs`, each waiting for its answer
 * before the next; throws when any answer is not `expect`.
 */
export const drive = async (
  target: string,
  body: Buffer,
  headers: Record<string, string>,
  options: { concurrency: number; durationMs: number; expect: number },
): Promise<LoadResult> => {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const worker = async () => {
    while (performance.now() - started < options.durationMs) {
      const sent = performance.now();
      const status = await postOnce(agent, url, body, headers);
      latencies.push(performance.now() - sent);
      if (status !== options.expect) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  if (statuses.size > 0)
    throw new Error(`${target}: answers other than ${options.expect}: ${JSON.stringify(Object.fromEntries(statuses))}`);
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / (elapsed / 1000), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
};
