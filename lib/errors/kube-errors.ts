import { TransientError } from './errors.ts';

/** What a failed Kubernetes call means for us. */
export type KubeFailure = 'not-found' | 'conflict' | 'forbidden' | 'invalid' | 'blocked';

/** A Kubernetes API answer we act on (not retried by the broker): the Status reason and message kept. */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  readonly failure: KubeFailure;
  readonly status: number;
  constructor(failure: KubeFailure, status: number, message: string) {
    super(message);
    this.failure = failure;
    this.status = status;
  }
}

/** The message of a Kubernetes Status body (or the start of whatever the body is). */
export const statusMessage = (body: unknown): string => {
  try {
    const status = JSON.parse(String(body)) as { message?: string };
    return status.message ?? String(body).slice(0, 300);
  } catch {
    return String(body ?? '').slice(0, 300);
  }
};

/**
 * Classifies a failed call at the boundary: 404 not found, 409 conflict (re-read and retry), 403 forbidden (the
 * message names the missing permission), 400/422 invalid, 429 from an eviction is a PDB block; other 429s, 5xx,
 * timeouts and network errors are transient (the broker redelivers; locks and recordOnce keep it single).
 */
export const classifyKubeError = (error: unknown, what: string): Error => {
  if (error instanceof KubeError || error instanceof TransientError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && code >= 400) {
    const message = `${what}: ${statusMessage((error as { body?: unknown }).body)}`;
    if (code === 404) return new KubeError('not-found', 404, message);
    if (code === 409) return new KubeError('conflict', 409, message);
    if (code === 403) return new KubeError('forbidden', 403, message);
    if (code === 400 || code === 422) return new KubeError('invalid', code, message);
    return new TransientError(`${what}: Kubernetes API answered ${code}: ${statusMessage((error as { body?: unknown }).body)}`, {
      code: 'kubernetes_unavailable',
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new TransientError(`${what}: Kubernetes API unreachable: ${detail}`, { code: 'kubernetes_unavailable' });
};

/** The result of a read, or null when the object does not exist. */
export const orNull = async <T>(read: Promise<T>): Promise<T | null> => {
  try {
    return await read;
  } catch (error) {
    if (error instanceof KubeError && error.failure === 'not-found') return null;
    throw error;
  }
};
