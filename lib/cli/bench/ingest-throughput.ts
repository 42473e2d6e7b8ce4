import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnUntilReady, startSink, stop } from './processes.ts';
import type { Scenario } from './scenario.ts';

const REQUESTS = 2000;
const CONCURRENCY = 16;

const load = async (url: string, body: string, headers: Record<string, string>): Promise<number> => {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < REQUESTS) {
      const r = await fetch(url, { method: 'POST', headers, body });
      await r.arrayBuffer();
      if (r.status !== 202) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0) throw new Error(`${failures} of ${REQUESTS} requests failed`);
  return REQUESTS / ((performance.now() - started) / 1000);
};

/** Webhooks per second through bundled ingest (3 alerts each, each published to a sink), against posting to the sink directly. */
export const ingestThroughput: Scenario = {
  name: `ingest throughput (${REQUESTS} webhooks of 3 alerts, ${CONCURRENCY} in flight)`,
  unit: 'webhooks/s',
  better: 'higher',
  baseline: 'the same bodies posted straight to the broker stand-in',
  async round({ entry }) {
    const body = readFileSync(join('test', 'fixtures', 'alertmanager', '0032-default-firing-3alerts.json'), 'utf8');
    const sink = await startSink();
    const port = await freePort();
    const env = { FUNCTION: 'ingest', PORT: String(port), BROKER_URL: sink.url, WEBHOOK_AUTH_TOKEN: 'bench', LOG_LEVEL: 'warn' };
    const ingest = await spawnUntilReady([entry], env, `http://127.0.0.1:${port}/health/readiness`);
    try {
      const headers = { 'content-type': 'application/json', authorization: 'Bearer bench' };
      const value = await load(`http://127.0.0.1:${port}/`, body, headers);
      const baseline = await load(sink.url, body, headers);
      return { value, baseline };
    } finally {
      await stop(ingest.child);
      sink.server.close();
    }
  },
};
