import type { Config } from '../config/config-schema.ts';
import type { Runtime } from './function-spec.ts';
import { createLogger } from './logger.ts';
import { createRegistry } from './metrics.ts';
import { chooseDriver, createDriver } from '../store/create-driver.ts';
import { lazyDriver } from '../store/lazy-driver.ts';

/** The runtime every function is built from, for an already validated config; `memory` keeps PGlite in memory. */
export const createRuntime = (config: Config, fields: Record<string, unknown> = {}, options: { memory?: boolean } = {}): Runtime => {
  const logger = createLogger({ level: config.logLevel, fields });
  const onIdleError = (error: Error) => logger.warn('idle database connection failed', { error });
  return {
    config,
    logger,
    registry: createRegistry(),
    now: () => new Date(),
    database: lazyDriver(chooseDriver(config.database), () => createDriver(config.database, { onIdleError, ...options })),
  };
};
