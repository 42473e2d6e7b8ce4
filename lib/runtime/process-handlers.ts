import type { Logger } from './logger.ts';

let installed = false;

/**
 * Logs and exits 1 on an uncaught exception or unhandled rejection. Must run before faas-js-runtime's start(),
 * whose own handler exits 0 without a word; ours run first because they were added first.
 */
export const installProcessHandlers = (logger: Logger): void => {
  if (installed) return;
  installed = true;
  const die = (kind: string) => (error: unknown) => {
    logger.error(`${kind}; exiting`, { error });
    process.exit(1);
  };
  process.on('uncaughtException', die('uncaught exception'));
  process.on('unhandledRejection', die('unhandled rejection'));
};
