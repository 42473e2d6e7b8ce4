import type { Config } from '../config/config-schema.ts';
import type { Runtime } from './function-spec.ts';
import { createLogger } from './logger.ts';
import { createRegistry } from './metrics.ts';

/** The runtime every function is built from, for an already validated config. */
export const createRuntime = (config: Config, fields: Record<string, unknown> = {}): Runtime => ({
  config,
  logger: createLogger({ level: config.logLevel, fields }),
  registry: createRegistry(),
  now: () => new Date(),
});
