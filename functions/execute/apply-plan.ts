import { TransientError } from '../../lib/errors/errors.ts';
import type { ClusterActions } from '../../lib/ports/cluster-actions.ts';
import { KubeError } from '../../lib/errors/kube-errors.ts';
import { withRetries } from '../../lib/errors/retry.ts';
import { describeRequest, type KubeRequest } from '../../lib/domain/kube-request.ts';

/** What happened to each request of a plan. */
export interface Applied {
  sent: string[];
  blocked: string[];
  /** Why it stopped, when it did. */
  error: { kind: 'conflict' | 'not-found' | 'forbidden' | 'invalid' | 'transient' | 'blocked'; message: string } | null;
}

// Patches and evictions say what the end state is, so sending one twice is harmless: retried in place on a
// transient failure. A pod delete is not (the second would delete the replacement): never retried.
const idempotent = (r: KubeRequest) => r.op !== 'delete';

/** Sends a plan's requests in order, stopping at the first one that fails (blocked evictions are recorded, not fatal). */
export const applyRequests = async (
  cluster: ClusterActions,
  requests: readonly KubeRequest[],
  retries = 2,
  backoffMs = 500,
): Promise<Applied> => {
  const applied: Applied = { sent: [], blocked: [], error: null };
  for (const request of requests) {
    try {
      const retryable = (error: unknown) => error instanceof TransientError && idempotent(request);
      const outcome = await withRetries(() => cluster.apply(request), { retries, baseDelayMs: backoffMs, retryable });
      if (outcome.status === 'blocked') applied.blocked.push(`${describeRequest(request)}: ${outcome.reason}`);
      else applied.sent.push(describeRequest(request));
    } catch (error) {
      const kind = error instanceof KubeError ? error.failure : error instanceof TransientError ? 'transient' : 'invalid';
      applied.error = { kind, message: (error as Error).message };
      return applied;
    }
  }
  if (applied.blocked.length > 0)
    applied.error = { kind: 'blocked', message: `${applied.blocked.length} eviction(s) refused by a PodDisruptionBudget` };
  return applied;
};
