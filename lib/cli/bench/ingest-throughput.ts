import { writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { startForwarder } from './forwarder.ts';
import { drive, type LoadResult } from './load.ts';
import { MEASURED_FILE, serviceLimits, type MeasuredMemory } from './memory-limit.ts';
import { freePort, spawnUntilReady, startSink, stop } from './processes.ts';
import { MiB, residentOf } from './rss.ts';
import type { FigureResult } from './bench-report.ts';
import { goalMet, median, type Goal } from './scenario.ts';
import { webhookBody } from './webhook-body.ts';

const CONCURRENCY = 16;
const ROUND_MS = 1500;
const MIN_ROUNDS = 7;
const SIZES = [3, 100] as const;
const GOAL_RATIO = 0.6;
const GOAL_SHARE_OF_LIMIT = 0.8;

/** The name `--only` matches. */
export const INGEST_LOAD = 'ingest load';

const THROUGHPUT_GOAL: Goal = { on: 'ratio', min: GOAL_RATIO, text: `≥ ${GOAL_RATIO}× the forwarder` };
const MEMORY_GOAL: Goal = { on: 'ratio', max: GOAL_SHARE_OF_LIMIT, text: `< ${GOAL_SHARE_OF_LIMIT} of the limit` };

const throughputRow = (alerts: number, rounds: { ingest: LoadResult; forwarder: LoadResult }[]): FigureResult => {
  const of = (who: 'ingest' | 'forwarder', key: keyof LoadResult) => median(rounds.map((r) => r[who][key]));
  const figure = { median: of('ingest', 'rate'), ratio: median(rounds.map((r) => r.ingest.rate / r.forwarder.rate)) };
  return {
    name: `${INGEST_LOAD}: throughput (${alerts} alerts per webhook, ${CONCURRENCY} in flight)`,
    unit: 'webhooks/s',
    better: 'higher',
    rounds: rounds.length,
    ...figure,
    baseline: 'a minimal forwarder (parse, one keep-alive POST per alert) to the same sink',
    baselineMedian: of('forwarder', 'rate'),
    reference: null,
    goal: THROUGHPUT_GOAL.text,
    met: goalMet(THROUGHPUT_GOAL, figure),
    details: {
      p50Ms: of('ingest', 'p50'),
      p99Ms: of('ingest', 'p99'),
      baselineP50Ms: of('forwarder', 'p50'),
      baselineP99Ms: of('forwarder', 'p99'),
    },
  };
};

const SERVICES = 'knative/services.yaml';
const SERVICE = 'alerts-slm-ingest';

const memoryRow = (child: ChildProcess, rounds: number, forwarderPeakMiB: number): FigureResult => {
  const resident = residentOf(child.pid ?? 0);
  if (!resident) throw new Error('resident memory is read from /proc: Linux only');
  const limit = serviceLimits(SERVICES, SERVICE);
  const figure = { median: resident.peak / MiB, ratio: resident.peak / limit.memoryBytes };
  return {
    name: `${INGEST_LOAD}: ingest's peak resident memory over the load above`,
    unit: 'MiB',
    better: 'lower',
    rounds,
    ...figure,
    baseline: `the Service's memory limit (${SERVICES}, containerConcurrency ${limit.containerConcurrency}, NODE_OPTIONS ${JSON.stringify(limit.nodeOptions)})`,
    baselineMedian: limit.memoryBytes / MiB,
    reference: null,
    goal: MEMORY_GOAL.text,
    met: goalMet(MEMORY_GOAL, figure),
    details: { rssAfterMiB: resident.rss / MiB, forwarderPeakMiB },
  };
};

/**
 * Bundled ingest (served as the image serves it) against a minimal forwarder, both posting to the same sink:
 * interleaved rounds per body size, then ingest's peak resident memory next to its Service's memory limit.
 * With `writeMeasured`, the peak is recorded in MEASURED_FILE (test/knative keeps the limit above it).
 */
export const ingestLoad = async (options: { entry: string; rounds: number; writeMeasured: boolean }): Promise<FigureResult[]> => {
  const rounds = Math.max(MIN_ROUNDS, options.rounds);
  const sink = await startSink();
  const port = await freePort();
  // Served as the Service serves it: the image entry, with the manifest's NODE_OPTIONS (its heap bounds).
  const { nodeOptions } = serviceLimits(SERVICES, SERVICE);
  const env = {
    FUNCTION: 'ingest',
    PORT: String(port),
    BROKER_URL: sink.url,
    WEBHOOK_AUTH_TOKEN: 'bench',
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: nodeOptions,
  };
  const ingest = await spawnUntilReady([options.entry], env, `http://127.0.0.1:${port}/health/readiness`);
  const forwarder = await startForwarder(sink.url);
  try {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench' };
    const rows: FigureResult[] = [];
    for (const alerts of SIZES) {
      const body = webhookBody(alerts);
      const run = (url: string, durationMs = ROUND_MS) => drive(url, body, headers, { concurrency: CONCURRENCY, durationMs, expect: 202 });
      await run(`http://127.0.0.1:${port}/`, 500);
      await run(forwarder.url, 500);
      const samples: { ingest: LoadResult; forwarder: LoadResult }[] = [];
      for (let i = 0; i < rounds; i++) {
        // Alternate who goes first, so neither always runs on a machine the other just warmed (or heated).
        const first = i % 2 === 0 ? await run(`http://127.0.0.1:${port}/`) : await run(forwarder.url);
        const second = i % 2 === 0 ? await run(forwarder.url) : await run(`http://127.0.0.1:${port}/`);
        samples.push(i % 2 === 0 ? { ingest: first, forwarder: second } : { ingest: second, forwarder: first });
      }
      rows.push(throughputRow(alerts, samples));
    }
    const memory = memoryRow(ingest.child, rounds, (residentOf(forwarder.child.pid ?? 0)?.peak ?? 0) / MiB);
    rows.push(memory);
    if (options.writeMeasured) {
      const measured: MeasuredMemory = {
        peakBytes: Math.round(memory.median * MiB),
        inFlight: CONCURRENCY,
        nodeOptions,
        load: `${rounds} rounds of ${ROUND_MS} ms per body of ${SIZES.join(' and ')} alerts, ${CONCURRENCY} webhooks in flight`,
        measuredAt: new Date().toISOString().slice(0, 10),
      };
      writeFileSync(MEASURED_FILE, `${JSON.stringify(measured, null, 2)}\n`);
    }
    return rows;
  } finally {
    await stop(ingest.child);
    await stop(forwarder.child);
    sink.server.close();
  }
};
