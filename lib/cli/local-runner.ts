import { join } from 'node:path';
import { createLocalBroker, type BrokerRoute, type LocalBroker, type Subscriber } from '../broker/local-broker.ts';
import { loadManifests } from '../broker/knative-manifests.ts';
import { invokerSubscriber } from '../broker/subscribers.ts';
import { httpSubscriber } from '../broker/http-subscriber.ts';
import { undeliveredSpool } from './undelivered-spool.ts';
import { localTicks, type Timers } from './local-ticks.ts';
import { triggersFrom } from '../broker/triggers.ts';
import type { Config } from '../config/config-schema.ts';
import type { FunctionSpec, Runtime } from '../runtime/function-spec.ts';
import { createInvoker, type Invoker } from '../runtime/invoker.ts';
import { serve, type Served } from '../runtime/serve.ts';
import { migrate } from '../store/migrate.ts';
import { deadLetterFile } from './dead-letter-file.ts';
import { localSecret } from './webhook-token.ts';
import { ADMIN_PATH, adminRoute } from './admin-endpoint.ts';
import { localMcpRoute, MCP_PATH } from './local-mcp-route.ts';
import { historyDeps } from '../mcp/history-deps.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import { approvalWakeUp } from '../approvals/approve-action.ts';
import type { CliIo } from './command.ts';
import { holdLocalLock } from './local-lock.ts';
import { InvalidError } from '../errors/errors.ts';
import { createStore } from '../store/create-store.ts';

/** The functions a local run hosts; the ones not built yet are simply absent. */
export interface LocalFunctions {
  ingest: FunctionSpec;
  analyze?: FunctionSpec;
  execute?: FunctionSpec;
  assess?: FunctionSpec;
  deadLetter?: FunctionSpec;
}

/** A running local pipeline. */
export interface LocalRun {
  webhookUrl: string;
  brokerUrl: string;
  broker: LocalBroker;
  served: Served;
  /** Emits one assessment tick now (the PingSource stand-in does it every ASSESS_TICK_INTERVAL while assess wants). */
  tick(): void;
  /** Whether the tick is running (only while an assessment is pending). */
  ticking(): boolean;
  close(): Promise<void>;
}

/**
 * Runs the pipeline in one process: a local broker routing by the Triggers in `manifestsDir`, the event
 * functions called in process through their invokers, ingest served over HTTP, and the periodic tick.
 */
export const runLocal = async (options: {
  functions: LocalFunctions;
  runtime: Runtime;
  manifestsDir: string;
  brokerPort?: number;
  /** Runs an `alerts-slm` command line in this process, for other processes while this one holds the embedded database. */
  runCommand?: { run: (args: string[], io: CliIo) => Promise<number>; allowed: readonly string[] };
  /** Functions served elsewhere over HTTP (by name: their URL), delivered to as Knative delivers to a Service. */
  remote?: Readonly<Record<string, string>>;
  /** How the broker waits between retries (tests compress Knative's schedule). */
  wait?: (ms: number) => Promise<void>;
  /** The timers of the assessment tick (tests play an idle hour in a moment). */
  timers?: Timers;
}): Promise<LocalRun> => {
  const { runtime, functions } = options;
  const { config, logger } = runtime;
  // Before the embedded database is opened: a second runner on the same directory stops here.
  const lock = runtime.database.name === 'pglite' ? holdLocalLock(config.database.dataDir) : null;
  if (functions.analyze || functions.execute || functions.assess) {
    const applied = await migrate(runtime.database);
    logger.info('database ready', { driver: runtime.database.name, applied });
  }
  const webhook = {
    ...config.webhook,
    authToken:
      config.webhook.authToken ?? (config.webhook.allowUnauthenticated ? null : localSecret(config.database.dataDir, 'webhook-token')),
  };
  const subscribers = new Map<string, Subscriber>();
  const triggers = triggersFrom(loadManifests(options.manifestsDir));
  let admin: BrokerRoute | undefined;
  let mcp: BrokerRoute | undefined;
  const absent = () => Promise.reject(new InvalidError('no commands here', { status: 404 }));
  const spool = undeliveredSpool(join(config.database.dataDir, 'undelivered.jsonl'));
  const broker = createLocalBroker({
    triggers,
    subscribers,
    logger: logger.child({ component: 'local-broker' }),
    // The dead-letter function is the sink (as on the cluster); this file only when that fails too.
    deadLetter: deadLetterFile(join(config.database.dataDir, 'dead-letters.jsonl')),
    ...(options.wait ? { wait: options.wait } : {}),
    routes: {
      [ADMIN_PATH]: (...request) => (admin ? admin(...request) : absent()),
      [MCP_PATH]: (...request) => (mcp ? mcp(...request) : absent()),
    },
  });
  const brokerUrl = `http://127.0.0.1:${await broker.listen(options.brokerPort ?? 0)}/`;
  if (options.runCommand) {
    const store = createStore(runtime.database, runtime.now);
    const token = localSecret(config.database.dataDir, 'admin-token');
    admin = adminRoute({
      token,
      allowed: options.runCommand.allowed,
      run: options.runCommand.run,
      io: { env: process.env, store, publish: async (events) => events.forEach(broker.publish) },
    });
    const wake = {
      publish: async (events: readonly CloudEventEnvelope[]) => {
        for (const event of events) broker.publish(event);
        return { published: events.length };
      },
    };
    mcp = localMcpRoute({ token, deps: historyDeps(config, runtime.database, wake, runtime.now), log: logger.child({ component: 'mcp' }) });
  }
  lock?.advertise(`${brokerUrl.replace(/\/$/, '')}${ADMIN_PATH}`);
  const releaseLock = () => lock?.release();
  // The tick's PingSource stand-in: a timer assess starts when it schedules an assessment and stops when idle.
  const ticks = localTicks((event) => broker.publish(event), config.assess.tickIntervalMs, runtime.now, options.timers);
  // Every function publishes to the local broker (ingest, and assess for what a tick judges).
  const local: Runtime = { ...runtime, config: { ...config, broker: { ...config.broker, url: brokerUrl } }, ticks };
  const invokers: Invoker[] = [];
  for (const spec of [functions.analyze, functions.execute, functions.assess, functions.deadLetter]) {
    if (!spec || options.remote?.[spec.name]) continue;
    const invoker = await createInvoker(spec, local);
    invokers.push(invoker);
    subscribers.set(spec.name, invokerSubscriber(invoker));
  }
  for (const [name, url] of Object.entries(options.remote ?? {})) subscribers.set(name, httpSubscriber(url));
  for (const t of triggers.filter((t) => !subscribers.has(t.subscriber)))
    logger.info('trigger not routed: its function is not available here', { trigger: t.name, function: t.subscriber });
  const store = createStore(runtime.database, runtime.now);
  // Approvals recorded while nothing could wake execute (`approve` without a running pipeline) are carried out now.
  if (functions.execute) {
    for (const action of await store.actions.approved()) {
      logger.info('waking execute for an approval recorded while the pipeline was down', { actionId: action.id, by: action.decidedBy });
      broker.publish(approvalWakeUp(action, runtime.now()));
    }
  }
  // Assessments a previous run left pending: the tick runs again until they are judged.
  if (functions.assess && (await store.assessments.pending()) > 0) await ticks.ensure();

  // What the broker accepted before a previous run stopped is delivered now.
  const resumed = spool.take();
  if (resumed.length) logger.info('publishing the events a previous run had accepted but not delivered', { events: resumed.length });
  for (const event of resumed) broker.publish(event);

  const close = async () => {
    await ticks.stop();
    // Half the shutdown time for deliveries in flight; what is left is kept for the next start, not dropped.
    const left = await broker.drain(config.webhook.shutdownTimeoutMs / 2);
    spool.keep(left);
    if (left.length) logger.warn('stopping with undelivered events; the next start delivers them', { events: left.length });
    await broker.close();
    for (const invoker of invokers) await invoker.close(config.webhook.shutdownTimeoutMs / 4);
    await runtime.database.close();
    releaseLock();
  };
  const ingestConfig: Config = { ...local.config, webhook };
  // On a laptop the webhook is for this machine only unless WEBHOOK_HOST says otherwise.
  const host = config.webhook.host ?? '127.0.0.1';
  const served = await serve(functions.ingest, { ...runtime, config: ingestConfig }, { host, onShutdown: close });
  return {
    webhookUrl: `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${served.port}/`,
    brokerUrl,
    broker,
    served,
    tick: ticks.tick,
    ticking: ticks.running,
    close: async () => {
      await new Promise<void>((resolve) => {
        served.server.close(() => resolve());
        served.server.closeAllConnections();
      });
      await served.invoker.close();
      await close();
    },
  };
};
