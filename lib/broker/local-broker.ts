import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import { InvalidError, publicMessageOf, statusOf } from '../errors/errors.ts';
import type { Logger } from '../runtime/logger.ts';
import { decodeHttp } from '../events/cloud-event-codec.ts';
import { backoffMs, isRetryable } from './delivery-spec.ts';
import { matchesAttributes, matchesFilter } from './trigger-filter.ts';
import type { Trigger } from './triggers.ts';

/** What a subscriber answered: a status, maybe a reply event, and whether a (non-event) body came back. */
export interface DeliveryResult {
  status: number;
  event?: CloudEventEnvelope;
  body?: string;
}

/** Another POST route the host serves on the broker's loopback port: the body, headers and the peer's address. */
export type BrokerRoute = (
  body: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  remoteAddress: string | undefined,
) => Promise<{ status: number; body: unknown }>;

/** Delivers one event to one function (in process, or over HTTP). */
export type Subscriber = (event: CloudEventEnvelope) => Promise<DeliveryResult>;

/** Where a dead letter goes when the Trigger's dead-letter sink is not a subscriber here, or it failed too. */
export type DeadLetterSink = (event: CloudEventEnvelope, trigger: string) => Promise<void>;

/** The local stand-in for a Knative Broker. */
export interface LocalBroker {
  /** Accepts an event (like the broker ingress answering 202) and routes it in the background. */
  publish(event: CloudEventEnvelope): void;
  /** Resolves once no delivery is in flight, including deliveries of replies. */
  idle(): Promise<void>;
  /**
   * Stopping: waits up to `timeoutMs` for the deliveries in flight, then stops retrying and resolves with the events
   * not yet delivered (to be kept and published again), publishes arriving after it included.
   */
  drain(timeoutMs: number): Promise<CloudEventEnvelope[]>;
  /** Serves the ingress over HTTP (binary or structured CloudEvents, any path); resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A 2xx reply must be an event or empty (Knative's data-plane spec): any other body fails the delivery.
const outcome = (r: DeliveryResult): 'done' | 'reply' | 'retry' | 'dead' =>
  r.status >= 200 && r.status < 300 ? (r.event ? 'reply' : r.body ? 'retry' : 'done') : isRetryable(r.status) ? 'retry' : 'dead';

/**
 * A broker that follows Knative's semantics: routes by Trigger filters, re-ingests replies, retries 404/408/409/
 * 429/5xx with the Trigger's backoff, dead-letters the rest to the Trigger's dead-letter sink (a subscriber, as a
 * Knative Service would be; `deadLetter` when that fails too), and treats 2xx-without-event as done.
 */
export const createLocalBroker = (options: {
  triggers: readonly Trigger[];
  subscribers: ReadonlyMap<string, Subscriber>;
  logger: Logger;
  deadLetter: DeadLetterSink;
  wait?: (ms: number) => Promise<void>;
  /** Other POST routes the host serves on the same loopback port (the local runner's admin endpoint). */
  routes?: Readonly<Record<string, BrokerRoute>>;
}): LocalBroker => {
  const wait = options.wait ?? sleep;
  // Read at each publish: the host may register its functions after the broker is listening.
  const routed = () => options.triggers.filter((t) => options.subscribers.has(t.subscriber));
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  let server: Server | undefined;
  // Events routed but not yet delivered (each delivery holds its event here until it ends), and, once draining,
  // what arrives or is still undelivered: nothing accepted is dropped when the process stops.
  const undelivered = new Map<symbol, CloudEventEnvelope>();
  let stopped: CloudEventEnvelope[] | null = null;

  const attempt = async (subscriber: Subscriber, event: CloudEventEnvelope, timeoutMs: number | null): Promise<DeliveryResult> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const call = subscriber(event);
      if (timeoutMs === null) return await call;
      const timedOut = new Promise<DeliveryResult>((resolve) => {
        timer = setTimeout(() => resolve({ status: 408, body: `timed out after ${timeoutMs} ms` }), timeoutMs);
      });
      return await Promise.race([call, timedOut]);
    } catch (error) {
      return { status: statusOf(error) === 500 ? 502 : statusOf(error), body: publicMessageOf(error) };
    } finally {
      clearTimeout(timer);
    }
  };

  const deadLetter = async (trigger: Trigger, dead: CloudEventEnvelope, log: Logger): Promise<void> => {
    const sink = trigger.delivery.deadLetterSink ? options.subscribers.get(trigger.delivery.deadLetterSink) : undefined;
    const result = sink ? await attempt(sink, dead, trigger.delivery.timeoutMs) : null;
    if (result && result.status >= 200 && result.status < 300) return;
    log.error('the dead-letter sink did not take it; kept aside', { sink: trigger.delivery.deadLetterSink, status: result?.status });
    await options.deadLetter(dead, trigger.name);
  };

  const deliver = async (trigger: Trigger, event: CloudEventEnvelope): Promise<void> => {
    const subscriber = options.subscribers.get(trigger.subscriber) as Subscriber;
    const log = options.logger.child({ trigger: trigger.name, eventId: event.id, eventType: event.type });
    const held = Symbol(event.id);
    undelivered.set(held, event);
    let settled = false;
    try {
      for (let n = 0; ; n++) {
        if (stopped) return;
        const result = await attempt(subscriber, event, trigger.delivery.timeoutMs);
        const next = outcome(result);
        settled = next !== 'retry' || n >= trigger.delivery.retry;
        if (next === 'done') return;
        if (next === 'reply' && result.event) return publish(result.event);
        if (next === 'retry' && n < trigger.delivery.retry) {
          log.warn('delivery failed; retrying', { status: result.status, attempt: n + 1, of: trigger.delivery.retry });
          await wait(backoffMs(trigger.delivery, n + 1));
          continue;
        }
        log.error('delivery failed; dead-lettering', { status: result.status, body: result.body?.slice(0, 500) });
        const errorData = Buffer.from(result.body ?? '')
          .subarray(0, 1024)
          .toString('base64');
        await deadLetter(
          trigger,
          { ...event, knativeerrorcode: String(result.status), knativeerrordest: trigger.subscriber, knativeerrordata: errorData },
          log,
        );
        return;
      }
    } finally {
      // Delivered, replied or dead-lettered: no longer ours to keep; stopped midway: it stays for drain().
      if (settled || !stopped) undelivered.delete(held);
    }
  };

  const track = (work: Promise<void>): void => {
    inFlight++;
    work
      .catch((error: unknown) => options.logger.error('routing failed', { error }))
      .finally(() => {
        if (--inFlight === 0) for (const resolve of waiters.splice(0)) resolve();
      });
  };

  const publish = (event: CloudEventEnvelope): void => {
    if (stopped) return void stopped.push(event);
    const matching = routed().filter((t) => matchesAttributes(t.attributes, event) && t.filters.every((f) => matchesFilter(f, event)));
    if (matching.length === 0) options.logger.info('no trigger matched; event dropped', { eventId: event.id, eventType: event.type });
    for (const trigger of matching) track(deliver(trigger, event));
  };

  return {
    publish,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async drain(timeoutMs) {
      const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
      await Promise.race([idle, sleep(timeoutMs)]);
      stopped ??= [];
      return [...new Set([...undelivered.values(), ...stopped])];
    },
    listen(port, host = '127.0.0.1') {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const route = options.routes?.[(req.url ?? '/').split('?')[0] ?? '/'];
          if (route && req.method === 'POST') {
            route(Buffer.concat(chunks).toString('utf8'), req.headers, req.socket.remoteAddress).then(
              (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body)),
              (error: unknown) =>
                res
                  .writeHead(statusOf(error), { 'content-type': 'application/json' })
                  .end(JSON.stringify({ error: 'failed', message: publicMessageOf(error) })),
            );
            return;
          }
          try {
            if (req.method !== 'POST') throw new InvalidError(`method ${req.method} is not allowed; use POST`, { status: 405 });
            publish(decodeHttp(req.headers, Buffer.concat(chunks).toString('utf8')));
            res.writeHead(202).end();
          } catch (error) {
            const status = statusOf(error);
            res
              .writeHead(status, { 'content-type': 'application/json' })
              .end(JSON.stringify({ error: 'rejected', message: publicMessageOf(error) }));
          }
        });
      });
      const listening = server;
      return new Promise((resolve, reject) => {
        listening.once('error', reject).listen(port, host, () => resolve((listening.address() as AddressInfo).port));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
