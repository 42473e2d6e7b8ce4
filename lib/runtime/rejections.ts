import type { Registry } from 'prom-client';
import type { Logger } from './logger.ts';
import { counterOnce } from './metrics.ts';

/** Records a refused request: counted by function and status, logged with its source address (never its token). */
export interface Rejections {
  record(status: number, reason: string, remoteAddress: string | undefined): void;
}

const WINDOW_MS = 60_000;

/**
 * Counts every refused request (`http_requests_rejected_total{function,status}`) and logs at most `perWindow` lines
 * per status per minute: a flood of bad requests cannot flood the log. The next line logged for that status says
 * how many were left out.
 */
export const createRejections = (options: {
  registry: Registry;
  logger: Logger;
  fn: string;
  perWindow?: number;
  now?: () => number;
}): Rejections => {
  const counter = counterOnce(
    options.registry,
    'http_requests_rejected_total',
    'Requests refused before or by the handler, by function and HTTP status',
    ['function', 'status'],
  );
  const perWindow = options.perWindow ?? 10;
  const now = options.now ?? (() => performance.now());
  const windows = new Map<number, { start: number; logged: number; suppressed: number }>();
  return {
    record(status, reason, remoteAddress) {
      counter.inc({ function: options.fn, status: String(status) });
      const t = now();
      let w = windows.get(status);
      if (!w || t - w.start >= WINDOW_MS) {
        const suppressed = w?.suppressed ?? 0;
        w = { start: t, logged: 0, suppressed: 0 };
        windows.set(status, w);
        if (suppressed > 0) options.logger.warn('requests rejected and not logged in the last minute', { status, suppressed });
      }
      if (w.logged >= perWindow) {
        w.suppressed++;
        return;
      }
      w.logged++;
      options.logger.warn('request rejected', { status, reason, remoteAddress: remoteAddress ?? 'unknown' });
    },
  };
};
