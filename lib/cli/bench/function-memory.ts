import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { loadManifests } from '../../broker/knative-manifests.ts';
import { createLocalBroker, type Subscriber } from '../../broker/local-broker.ts';
import { httpSubscriber } from '../../broker/http-subscriber.ts';
import { triggersFrom } from '../../broker/triggers.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { createPgDriver } from '../../store/pg-driver.ts';
import { migrate } from '../../store/migrate.ts';
import { crashLoop, postAlerts } from './alert-webhook.ts';
import { GC_ON_SIGNAL, heapAfterGc } from './gc-signal.ts';
import { serviceLimits } from './memory-limit.ts';
import { freePort, spawnUntilReady, stop } from './processes.ts';
import { MiB, residentMiB } from './rss.ts';
import { createScratchDatabase } from './scratch-database.ts';
import type { FigureSpec, ScenarioGroup } from './scenario.ts';
import { tableRows } from './table-rows.ts';

const EVENTS = 1000;
const IN_FLIGHT = 16;
const SHARE_OF_LIMIT = 0.8;
const FUNCTIONS = ['ingest', 'analyze', 'execute', 'assess'] as const;
const SERVICES = 'knative/services.yaml';

const figures = FUNCTIONS.flatMap((fn): FigureSpec[] => [
  {
    name: `memory: ${fn} resident after ${EVENTS} events (pg) against its resident at readiness`,
    unit: 'MiB',
    better: 'lower',
    value: `${fn}.after`,
    baseline: `${fn}.ready`,
    baselineLabel: 'the same process at its first 200 on readiness',
    // Heap in use after a full collection, at readiness and after the events, and the resident set after that collection.
    details: [`${fn}.readyHeap`, `${fn}.afterHeap`, `${fn}.afterGcRss`],
  },
  {
    name: `memory: ${fn} resident after ${EVENTS} events (pg) against its Service's limit`,
    unit: 'MiB',
    better: 'lower',
    value: `${fn}.after`,
    baseline: `${fn}.limit`,
    baselineLabel: `the Service's memory limit in ${SERVICES} (run with its NODE_OPTIONS)`,
    goal: { on: 'ratio', max: SHARE_OF_LIMIT, text: `≤ ${SHARE_OF_LIMIT} of the limit` },
    ...(fn === 'execute' ? { details: ['actions', 'deadLetters'] } : {}),
  },
]);

/** Posts `count` webhooks of one alert each, every alert its own workload, `IN_FLIGHT` at a time. */
const offer = async (webhookUrl: string, count: number): Promise<void> => {
  const tag = randomBytes(3).toString('hex');
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++)
      await postAlerts(webhookUrl, [crashLoop(`mem-${tag}-${i}`, 'api-7c9d5b8f6-bcdfg', `mem-${tag}-${i}`)]);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
};

/**
 * Each function bundled and served as its Service serves it (the image entry, the manifest's NODE_OPTIONS), on a
 * fresh pg database, chained by the local broker over HTTP as Triggers chain them; EVENTS webhooks of one alert
 * each, so every function handles EVENTS events; resident memory after them, against readiness and the limit.
 */
export const functionMemory = (url: string): ScenarioGroup => ({
  name: `memory of each function after ${EVENTS} events on pg`,
  fixedRounds: 1,
  figures,
  async round({ entry }) {
    const subscribers = new Map<string, Subscriber>();
    let deadLetters = 0;
    const broker = createLocalBroker({
      triggers: triggersFrom(loadManifests('knative')),
      subscribers,
      logger: silentLogger(),
      deadLetter: async () => void deadLetters++,
    });
    const children = new Map<string, ChildProcess>();
    let ingestUrl = '';
    const samples: Record<string, number> = {};
    const scratch = await createScratchDatabase(url);
    const dbUrl = scratch.url;
    try {
      const db = createPgDriver({ url: dbUrl, max: 1 });
      await migrate(db);
      await db.close();
      const brokerUrl = `http://127.0.0.1:${await broker.listen(0)}/`;
      for (const fn of FUNCTIONS) {
        const limits = serviceLimits(SERVICES, `alerts-slm-${fn}`);
        const port = await freePort();
        const env = {
          FUNCTION: fn,
          PORT: String(port),
          BROKER_URL: brokerUrl,
          DATABASE_URL: dbUrl,
          WEBHOOK_AUTH_TOKEN: 'bench',
          SLM_PROVIDER: 'none',
          LOG_LEVEL: 'error',
          NODE_OPTIONS: limits.nodeOptions,
        };
        const { child } = await spawnUntilReady([...GC_ON_SIGNAL, entry], env, `http://127.0.0.1:${port}/health/readiness`, 15_000, true);
        children.set(fn, child);
        if (fn === 'ingest') ingestUrl = `http://127.0.0.1:${port}/`;
        else subscribers.set(fn, httpSubscriber(`http://127.0.0.1:${port}/`));
        samples[`${fn}.ready`] = residentMiB(child).rss;
        samples[`${fn}.readyHeap`] = (await heapAfterGc(child)) / MiB;
        samples[`${fn}.limit`] = limits.memoryBytes / MiB;
      }
      await offer(ingestUrl, EVENTS);
      await broker.idle();
      for (const [fn, child] of children) {
        samples[`${fn}.after`] = residentMiB(child).rss;
        samples[`${fn}.afterHeap`] = (await heapAfterGc(child)) / MiB;
        samples[`${fn}.afterGcRss`] = residentMiB(child).rss;
      }
      const verify = createPgDriver({ url: dbUrl, max: 1 });
      samples.actions = (await tableRows(verify, ['actions'])).actions ?? 0;
      await verify.close();
      samples.deadLetters = deadLetters;
      return samples;
    } finally {
      for (const child of children.values()) await stop(child);
      await broker.close();
      await scratch.drop();
    }
  },
});
