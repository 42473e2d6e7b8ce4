import { AsyncLocalStorage } from 'node:async_hooks';
import { TransientError } from '../errors/errors.ts';
import { classifyKubeError } from '../errors/kube-errors.ts';

// The deadline of the kubeCall in progress, for the HTTP layer below the generated client (which takes no signal
// per call): the request is aborted at the deadline, not merely abandoned with its socket still open.
const deadline = new AsyncLocalStorage<AbortSignal>();

/** The abort signal of the Kubernetes call being made in this async context, if any. */
export const currentDeadline = (): AbortSignal | undefined => deadline.getStore();

/** Runs one call with a deadline that aborts its HTTP request, classifying its failure. */
export const kubeCall = async <T>(what: string, timeoutMs: number, call: () => Promise<T>): Promise<T> => {
  const controller = new AbortController();
  const late = () => new TransientError(`${what}: no answer within ${timeoutMs} ms`, { code: 'kubernetes_timeout' });
  let timer: NodeJS.Timeout | undefined;
  // Also raced, for work before the request is sent (an exec credential plugin) that no signal reaches.
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(late());
      reject(late());
    }, timeoutMs);
  });
  try {
    return await Promise.race([deadline.run(controller.signal, call), expired]);
  } catch (error) {
    throw controller.signal.aborted ? late() : classifyKubeError(error, what);
  } finally {
    clearTimeout(timer);
  }
};
