import { writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { startForwarder } from './forwarder.ts';
import { drive, type LoadResult } from './load.ts';
import { MEASURED_FILE, serviceLimits, type MeasuredMemory } from './memory-limit.ts';
import { freePort, spawnUntilReady, startSink, stop } from './processes.ts';
import { residentOf } from './rss.ts';
import { median } from './scenario.ts';
import { webhookBody } from './webhook-body.ts';

const CONCURRENCY = 16;
const ROUND_MS = 1500;
const MIN_ROUNDS = 7;
const SIZES = [3, 100] as const;
const GOAL_RATIO = 0.6;
const GOAL_SHARE_OF_LIMIT = 0.8;
const MiB = 1024 ** 2;

/** The name `--only` matches. */
export const INGEST_LOAD = 'ingest load';

/** One row of the bench's results: a median next to its baseline's, the median ratio and the goal. */
export interface LoadRow {
  scenario: string;
  unit: string;
  better: 'lower' | 'higher';
  rounds: number;
  median: number;
  baseline: string;
  baselineMedian: number;
  ratio: number;
  goal: string;
  [extra: string]: number | string;
}

const shown = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const throughputRow = (alerts: number, rounds: { ingest: LoadResult; forwarder: LoadResult }[]): LoadRow => {
  const of = (who: 'ingest' | 'forwarder', key: keyof LoadResult) => median(rounds.map((r) => r[who][key]));
  return {
    scenario: `${INGEST_LOAD}: throughput (${alerts} alerts per webhook, ${CONCURRENCY} in flight)`,
    unit: 'webhooks/s',
    better: 'higher',
    rounds: rounds.length,
    median: of('ingest', 'rate'),
    baseline: 'a minimal forwarder (parse, one keep-alive POST per alert) to the same sink',
    baselineMedian: of('forwarder', 'rate'),
    ratio: median(rounds.map((r) => r.ingest.rate / r.forwarder.rate)),
    goal: `>= ${GOAL_RATIO}`,
    p50: of('ingest', 'p50'),
    p99: of('ingest', 'p99'),
    baselineP50: of('forwarder', 'p50'),
    baselineP99: of('forwarder', 'p99'),
  };
};

const SERVICES = 'knative/services.yaml';
const SERVICE = 'alerts-slm-ingest';

const memoryRow = (child: ChildProcess, rounds: number): LoadRow => {
  const resident = residentOf(child.pid ?? 0);
  if (!resident) throw new Error('resident memory is read from /proc: Linux only');
  const limit = serviceLimits(SERVICES, SERVICE);
  return {
    scenario: `${INGEST_LOAD}: ingest's peak resident memory over the load above`,
    unit: 'MiB',
    better: 'lower',
    rounds,
    median: resident.peak / MiB,
    baseline: `the Service's memory limit (${SERVICES}, containerConcurrency ${limit.containerConcurrency}, NODE_OPTIONS ${JSON.stringify(limit.nodeOptions)})`,
    baselineMedian: limit.memoryBytes / MiB,
    ratio: resident.peak / limit.memoryBytes,
    goal: `< ${GOAL_SHARE_OF_LIMIT}`,
    rssAfter: resident.rss / MiB,
  };
};

const describe = (row: LoadRow): string => {
  const head = `${row.scenario}: median ${shown(row.median)} ${row.unit}; ${row.baseline}: ${shown(row.baselineMedian)} ${row.unit}; ratio ${row.ratio.toFixed(2)} (goal ${row.goal})`;
  if (typeof row.p99 === 'number') {
    return `${head}; p50/p99 ${shown(row.p50 as number)}/${shown(row.p99)} ms against ${shown(row.baselineP50 as number)}/${shown(row.baselineP99 as number)} ms (median of ${row.rounds} rounds)`;
  }
  return `${head}; resident after the load ${shown(row.rssAfter as number)} MiB`;
};

/**
 * Bundled ingest (served as the image serves it) against a minimal forwarder, both posting to the same sink:
 * interleaved rounds per body size, then ingest's peak resident memory next to its Service's memory limit.
 * With `writeMeasured`, the peak is recorded in MEASURED_FILE (test/knative keeps the limit above it).
 */
export const ingestLoad = async (options: {
  entry: string;
  rounds: number;
  writeMeasured: boolean;
}): Promise<{ rows: LoadRow[]; lines: string[] }> => {
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
    const rows: LoadRow[] = [];
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
    const memory = memoryRow(ingest.child, rounds);
    const forwarderPeak = (residentOf(forwarder.child.pid ?? 0)?.peak ?? 0) / MiB;
    rows.push({ ...memory, forwarderPeak });
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
    return { rows, lines: [...rows.map(describe), `the forwarder's own peak: ${shown(forwarderPeak)} MiB`] };
  } finally {
    await stop(ingest.child);
    await stop(forwarder.child);
    sink.server.close();
  }
};
