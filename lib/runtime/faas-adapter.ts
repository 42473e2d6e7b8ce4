import type { Context } from 'faas-js-runtime';
import { envelopeFromSdk, sdkFromEnvelope } from '../events/sdk-event.ts';
import { loadConfig } from '../config/load-config.ts';
import type { FunctionRequest, FunctionSpec } from './function-spec.ts';
import { createInvoker, unauthorized, type Invoker } from './invoker.ts';
import { createRuntime } from './create-runtime.ts';
import { takePeer } from './peer-header.ts';
import { problem, type FunctionReply } from './problem.ts';
import { publicMessageOf } from '../errors/errors.ts';

type HealthReply = { code(status: number): HealthReply; header(name: string, value: string): HealthReply; send(body: string): void };
type FaasReturn = ReturnType<typeof sdkFromEnvelope> | { statusCode: number; headers?: Record<string, string>; body?: unknown } | undefined;

const toFaas = (reply: FunctionReply): FaasReturn => ({ statusCode: reply.status, headers: reply.headers ?? {}, body: reply.body });

// faas-js-runtime copies query parameters over context fields (`?method=`, `?body=`, `?cloudevent=`), and even
// over `query` itself: any query string, or a shadowed `query`, is refused. The front door strips it first.
const hasQuery = (context: Context): boolean =>
  typeof context.query !== 'object' || context.query === null || Object.keys(context.query).length > 0;

const toRequest = (context: Context, input: unknown): FunctionRequest => {
  const event = context.cloudevent && typeof context.cloudevent === 'object' ? envelopeFromSdk(context.cloudevent) : undefined;
  const { address, headers } = takePeer(context.headers);
  return {
    method: String(context.method),
    headers,
    body: input,
    ...(event ? { event } : {}),
    ...(address ? { remoteAddress: address } : {}),
  };
};

/** The faas-js-runtime function module (handle, health, shutdown) around a built invoker. */
export const toFaasFunction = (getInvoker: () => Invoker | undefined) => ({
  async handle(context: Context, input?: unknown): Promise<FaasReturn> {
    const invoker = getInvoker();
    if (!invoker) return toFaas(problem(503, 'starting', 'function is starting'));
    // Served by faas-js-runtime's own CLI there is no front door: the credentials are checked first (and again by
    // invoke), so this module shape is as safe as our entry. A query could shadow `headers`, but only with values
    // the sender chose, so it cannot pass without the token either; any query is refused next.
    if (!(await invoker.authorize(context.headers as FunctionRequest['headers']))) {
      invoker.rejections.record(401, 'missing or wrong bearer token', undefined);
      return toFaas(unauthorized());
    }
    if (hasQuery(context)) return toFaas(problem(400, 'query_not_allowed', 'query parameters are not accepted'));
    let request: FunctionRequest;
    try {
      request = toRequest(context, input);
    } catch (error) {
      return toFaas(problem(400, 'not_a_cloudevent', publicMessageOf(error)));
    }
    const reply = await invoker.invoke(request);
    if (reply.event) return sdkFromEnvelope(reply.event);
    return reply.status === 204 ? undefined : toFaas(reply);
  },
  // Our own probes: the runtime's default answers 503 whenever the event loop lags (right after a cold start).
  liveness: (_request: unknown, reply: HealthReply) => reply.code(200).header('content-type', 'text/plain').send('OK'),
  readiness: (_request: unknown, reply: HealthReply) =>
    getInvoker()
      ? reply.code(200).header('content-type', 'text/plain').send('OK')
      : reply.code(503).header('content-type', 'text/plain').send('starting'),
  shutdown: async () => getInvoker()?.close(),
});

/**
 * The module shape `faas-js-runtime <file>` loads (init/handle/shutdown/liveness/readiness), configured from the
 * environment in `init`. Our entry (functions/index.ts) serves the same spec with the front door in place.
 */
export const toFaasModule = (spec: FunctionSpec) => {
  let invoker: Invoker | undefined;
  return {
    ...toFaasFunction(() => invoker),
    async init(): Promise<void> {
      invoker = await createInvoker(spec, createRuntime(loadConfig(process.env), { fn: spec.name }));
    },
  };
};
