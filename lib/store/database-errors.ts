import { TransientError } from '../errors/errors.ts';

// SQLSTATE classes worth a retry: 08 connection exception, 53 insufficient resources, 57P operator intervention
// (admin shutdown, cannot connect now), 40001 serialization failure, 40P01 deadlock.
const TRANSIENT_SQLSTATE = /^(08|53|57P)|^40001$|^40P01$/;
const TRANSIENT_NODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const TRANSIENT_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|WebSocket|socket hang up/i;

/** Is this failure of the database (not of our statement)? */
export const isTransientDbError = (error: unknown): boolean => {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown[] };
  if (Array.isArray(e?.errors) && e.errors.some(isTransientDbError)) return true;
  const code = typeof e?.code === 'string' ? e.code : '';
  return TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE.has(code) || (typeof e?.message === 'string' && TRANSIENT_MESSAGE.test(e.message));
};

/** Connection failures become TransientError (the broker retries); anything else is rethrown as is. */
export const classifyDbError = (error: unknown): unknown =>
  error instanceof TransientError || !isTransientDbError(error)
    ? error
    : new TransientError(
        `database unavailable: ${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`.replace(/\s+/g, ' ').trim(),
        { code: 'database_unavailable' },
      );

/** Runs `work`, reporting a database outage as TransientError. */
export const withDbErrors = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw classifyDbError(error);
  }
};
