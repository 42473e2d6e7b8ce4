import faas from 'faas-js-runtime';
import type { Server } from 'node:http';
import type { FunctionSpec, Runtime } from './function-spec.ts';
import { guardConnections } from './connection-guard.ts';
import { installFrontDoor } from './front-door.ts';
import { createInvoker, type Invoker } from './invoker.ts';
import { installProcessHandlers } from './process-handlers.ts';
import { toFaasFunction } from './faas-adapter.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { createRuntime } from './create-runtime.ts';

/** A served function: its server and invoker, and how to stop it the way SIGTERM does. */
export interface Served {
  server: Server;
  invoker: Invoker;
  port: number;
  /** Stops accepting, lets in-flight work finish within the shutdown timeout, then closes what the function owns. */
  shutdown(): Promise<void>;
}

// faas-js-runtime always listens on every interface ('::'): where another address is asked for, the server is
// moved there before anything else happens (the front door and the invoker's own check guard the moment before).
const rebind = async (server: Server, port: number, host: string): Promise<void> => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
};

const within = <T>(ms: number, work: Promise<T>): Promise<T | 'timed out'> =>
  Promise.race([work, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms).unref())]);

/** Serves one function through faas-js-runtime on `port` (and `host`), with our front door, probes and process handlers. */
export const serve = async (
  spec: FunctionSpec,
  runtime: Runtime,
  options: { port?: number; host?: string; onShutdown?: () => Promise<void> } = {},
): Promise<Served> => {
  installProcessHandlers(runtime.logger);
  const { webhook } = runtime.config;
  const invoker = await createInvoker(spec, runtime);
  const port = options.port ?? webhook.port;
  const host = options.host ?? webhook.host ?? '::';
  const module = toFaasFunction(() => invoker);
  let draining = false;
  let stopped: Promise<void> | undefined;
  let server: Server | undefined;
  // SIGTERM (faas-js-runtime calls this, then exits): stop taking work, finish what is in flight within the
  // bound, close the connections we own. A second call waits for the first.
  const shutdown = () =>
    (stopped ??= (async () => {
      draining = true;
      server?.close();
      server?.closeIdleConnections();
      runtime.logger.info('shutting down: no new requests; finishing in-flight work', {
        fn: spec.name,
        timeoutMs: webhook.shutdownTimeoutMs,
      });
      const finished = await within(
        webhook.shutdownTimeoutMs,
        (async () => {
          await module.shutdown();
          await options.onShutdown?.();
          await runtime.database.close();
        })(),
      );
      if (finished === 'timed out')
        runtime.logger.warn('shutdown timed out; exiting with work unfinished (its senders retry)', { fn: spec.name });
      server?.closeAllConnections();
    })());
  server = await faas.start(
    { ...module, shutdown } as never,
    {
      port,
      // Our invoker and front door log every failure; the runtime's own lines would only repeat them.
      logLevel: 'fatal',
      includeRaw: false,
      bodyLimit: webhook.maxBodyBytes,
    } as never,
  );
  const routes = { live: () => true, ready: () => !draining, registry: runtime.registry };
  installFrontDoor(server, {
    invoker,
    routes,
    maxBodyBytes: webhook.maxBodyBytes,
    bodyTimeoutMs: webhook.bodyTimeoutMs,
    draining: () => draining,
  });
  guardConnections(server, { headerTimeoutMs: webhook.headerTimeoutMs, maxConnections: webhook.maxConnections, keepAliveTimeoutMs: 5000 });
  if (host !== '::') await rebind(server, port, host);
  runtime.logger.info('serving', { fn: spec.name, host, port });
  return { server, invoker, port, shutdown };
};

/** Serves `spec` configured from the environment; an invalid configuration stops the process with its message. */
export const serveFromEnv = async (spec: FunctionSpec): Promise<Served> => {
  try {
    return await serve(spec, createRuntime(loadConfig(process.env), { fn: spec.name }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', fn: spec.name, msg: error.message }) + '\n');
    process.exit(1);
  }
};
