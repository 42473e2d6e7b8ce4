import { codeOf, publicMessageOf, statusOf } from '../errors/errors.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { FunctionInstance, FunctionRequest, FunctionSpec, Runtime } from './function-spec.ts';
import { invocationMetrics } from './metrics.ts';
import { eventAuthorizer } from './oidc-auth.ts';
import { problem, type FunctionReply } from './problem.ts';
import { createRejections, type Rejections } from './rejections.ts';

/** A function ready to serve: the one place that authorizes, maps errors to statuses, logs and counts. */
export interface Invoker {
  readonly name: string;
  /** A JSON request handler (ingest) or a CloudEvent handler. */
  readonly kind: 'http' | 'event';
  /** Authorizes, then runs the handler; every transport (our entry, faas-js-runtime's CLI, the local broker) calls this. */
  invoke(request: FunctionRequest): Promise<InvokerReply>;
  /** Whether these credentials may invoke the function (checked again by invoke). */
  authorize(headers: FunctionRequest['headers']): Promise<boolean>;
  /** Counts and logs (rate-limited) a request refused before it reached invoke. */
  readonly rejections: Rejections;
  /** Waits for in-flight invocations (up to `graceMs`), then closes the function's connections. */
  close(graceMs?: number): Promise<void>;
}

/** A reply that may carry a CloudEvent (an event function's answer). */
export type InvokerReply = FunctionReply & { event?: CloudEventEnvelope };

/** The 401 every way of serving a function answers to missing or wrong credentials. */
export const unauthorized = (): FunctionReply =>
  problem(401, 'unauthorized', 'missing or wrong bearer token', { 'www-authenticate': 'Bearer' });

/** Builds the function and wraps its handler. */
export const createInvoker = async (spec: FunctionSpec, runtime: Runtime): Promise<Invoker> => {
  const instance: FunctionInstance = await spec.create(runtime);
  const metrics = invocationMetrics(runtime.registry);
  const rejections = createRejections({ registry: runtime.registry, logger: runtime.logger.child({ fn: spec.name }), fn: spec.name });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  // An event function's senders are checked when the configuration names its OIDC audience (overlays/eventing-auth/).
  const { eventAuth } = runtime.config;
  const authorizer =
    instance.authorize ??
    (instance.kind === 'event' && eventAuth.audience
      ? eventAuthorizer({ ...eventAuth, audience: eventAuth.audience }, { logger: runtime.logger })
      : undefined);
  const authorize = async (headers: FunctionRequest['headers']): Promise<boolean> => !authorizer || (await authorizer(headers));

  const run = async (request: FunctionRequest, log: Runtime['logger']): Promise<InvokerReply> => {
    if (!(await authorize(request.headers))) {
      rejections.record(401, 'missing or wrong bearer token', request.remoteAddress);
      return unauthorized();
    }
    if (instance.kind === 'http') return instance.handle(request, { log });
    if (!request.event) return problem(400, 'not_a_cloudevent', 'expected a CloudEvent (binary or structured mode)');
    const reply = await instance.handle(request.event, { log });
    return reply ? { status: 200, event: reply } : { status: 204 };
  };

  return {
    name: spec.name,
    kind: instance.kind,
    authorize,
    rejections,
    async invoke(request) {
      const started = performance.now();
      const log = runtime.logger.child(
        request.event
          ? { fn: spec.name, eventId: request.event.id, eventType: request.event.type, eventSource: request.event.source }
          : { fn: spec.name },
      );
      inFlight++;
      let reply: InvokerReply;
      try {
        reply = await run(request, log);
        log.debug('handled', { status: reply.status, replyEventId: reply.event?.id });
      } catch (error) {
        const status = statusOf(error);
        if (status === 503) log.warn('failed for now; the sender should retry', { status, reason: publicMessageOf(error) });
        else if (status >= 500) log.error('failed', { status, error });
        else rejections.record(status, publicMessageOf(error), request.remoteAddress);
        reply = problem(status, codeOf(error), publicMessageOf(error));
      } finally {
        inFlight--;
        if (inFlight === 0) idle?.();
      }
      metrics.invocations.inc({ function: spec.name, status: String(reply.status) });
      metrics.duration.observe({ function: spec.name }, (performance.now() - started) / 1000);
      return reply;
    },
    async close(graceMs = 25_000) {
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (idle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      await instance.close?.();
    },
  };
};
