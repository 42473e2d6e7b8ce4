/** The few failure classes of the pipeline; each says whether a retry can help. */

/** The input is wrong and will stay wrong: never retry (HTTP 4xx, default 400). */
export class InvalidError extends Error {
  override readonly name = 'InvalidError';
  readonly status: number;
  readonly code: string;
  constructor(message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status ?? 400;
    this.code = options.code ?? 'invalid';
  }
}

/** A dependency failed for now (network, 5xx, timeout, lock held): retry later (HTTP 503). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  readonly status = 503;
  readonly code: string;
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'unavailable';
  }
}

/** HTTP status for any thrown value: invalid → its 4xx, transient → 503, anything else → 500. */
export const statusOf = (error: unknown): number => (error instanceof InvalidError || error instanceof TransientError ? error.status : 500);

/** The message safe to show a client: ours verbatim, an unknown error never (it may carry secrets). */
export const publicMessageOf = (error: unknown): string =>
  error instanceof InvalidError || error instanceof TransientError ? error.message : 'internal error';

/** The error code safe to show a client: ours, or `internal` for anything unknown (its code may say too much). */
export const codeOf = (error: unknown): string =>
  error instanceof InvalidError || error instanceof TransientError ? error.code : 'internal';
