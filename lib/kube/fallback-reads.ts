import { redactUrls } from '../config/redact-url.ts';
import type { ClusterReads, TracedReads } from '../ports/cluster.ts';

const READS = ['resolveChain', 'workloadFacts', 'podFacts', 'recentEvents', 'nodeFacts', 'pvcFacts', 'capacityFacts'] as const;
type Read = (typeof READS)[number];

/** Reads from `primary`; a read it fails (unreachable, too slow, an error answer) goes to `fallback`; `failed` hears why. */
const eachFallingBack = (primary: ClusterReads, fallback: ClusterReads, failed: (read: Read, error: unknown) => void) =>
  Object.fromEntries(
    READS.map((read) => [
      read,
      async (...args: unknown[]) => {
        const call = (r: ClusterReads) => (r[read] as (...a: unknown[]) => Promise<unknown>)(...args);
        try {
          return await call(primary);
        } catch (error) {
          failed(read, error);
          return call(fallback);
        }
      },
    ]),
  ) as Pick<ClusterReads, Read>;

/**
 * The Kubernetes MCP server first, per read the `fallback` (the direct reads, or the labels alone) when it fails;
 * `traced()` gives one analysis a view that records how many reads fell back and the first reason.
 */
export const mcpFirstReads = (primary: ClusterReads, fallback: ClusterReads): ClusterReads => ({
  available: primary.available || fallback.available,
  source: primary.source,
  ...eachFallingBack(primary, fallback, () => undefined),
  traced(): TracedReads {
    let calls = 0;
    const failures: string[] = [];
    const counted = eachFallingBack(primary, fallback, (read, error) => void failures.push(`${read}: ${(error as Error).message}`));
    const counting =
      (read: Read) =>
      (...args: unknown[]) => {
        calls++;
        return (counted[read] as (...a: unknown[]) => unknown)(...args);
      };
    const reads = Object.fromEntries(READS.map((read) => [read, counting(read)]));
    return {
      reads: { available: primary.available || fallback.available, source: primary.source, ...(reads as Pick<ClusterReads, Read>) },
      provenance: () =>
        failures.length === 0
          ? { source: primary.source, fallback: null }
          : {
              source: fallback.source,
              fallback: redactUrls(
                `${failures.length} of ${calls} reads from the Kubernetes MCP server failed; first: ${failures[0]}`,
              ).slice(0, 500),
            },
    };
  },
});

/** One analysis's view of `cluster`: fallbacks recorded where the reads have them, else every fact from `cluster.source`. */
export const traceReads = (cluster: ClusterReads): TracedReads =>
  cluster.traced?.() ?? { reads: cluster, provenance: () => ({ source: cluster.source, fallback: null }) };
