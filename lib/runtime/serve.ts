import faas from 'faas-js-runtime';
import type { Server } from 'node:http';
import type { FunctionSpec, Runtime } from './function-spec.ts';
import { installFrontDoor } from './front-door.ts';
import { createInvoker, type Invoker } from './invoker.ts';
import { installProcessHandlers } from './process-handlers.ts';
import { toFaasFunction } from './faas-adapter.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { createRuntime } from './create-runtime.ts';

/** A served function: its server and invoker. */
export interface Served {
  server: Server;
  invoker: Invoker;
  port: number;
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

/** Serves one function through faas-js-runtime on `port` (and `host`), with our front door, probes and process handlers. */
export const serve = async (spec: FunctionSpec, runtime: Runtime, options: { port?: number; host?: string; onShutdown?: () => Promise<void> } = {}): Promise<Served> => {
  installProcessHandlers(runtime.logger);
  const invoker = await createInvoker(spec, runtime);
  const port = options.port ?? runtime.config.webhook.port;
  const host = options.host ?? runtime.config.webhook.host ?? '::';
  const module = toFaasFunction(() => invoker);
  // faas-js-runtime calls shutdown on SIGTERM/SIGINT, then exits: drain, close, then whatever else the host owns.
  const shutdown = async () => {
    await module.shutdown();
    await options.onShutdown?.();
    await runtime.database.close();
  };
  const server = await faas.start({ ...module, shutdown } as never, {
    port,
    // Our invoker and front door log every failure; the runtime's own lines would only repeat them.
    logLevel: 'fatal',
    includeRaw: false,
    bodyLimit: runtime.config.webhook.maxBodyBytes,
  } as never);
  const routes = { live: () => true, ready: () => true, registry: runtime.registry };
  installFrontDoor(server, { invoker, routes, maxBodyBytes: runtime.config.webhook.maxBodyBytes });
  if (host !== '::') await rebind(server, port, host);
  runtime.logger.info('serving', { fn: spec.name, host, port });
  return { server, invoker, port };
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
