import { redactUrls } from '../config/redact-url.ts';
import type { ClusterProbe } from '../kube/probe-cluster.ts';

/** The start-up banner's word on the cluster: which one, whether it answers, and whether changes are live. */
export const clusterLines = (probe: ClusterProbe, dryRun: boolean): string[] => {
  if (!probe.configured)
    return [
      '  cluster: none named (set KUBECONFIG, or KUBE_CONTEXT for ~/.kube/config): targets come from labels, every change is a dry run',
    ];
  const which = `${redactUrls(probe.server)} (context ${probe.context})`;
  const answers = probe.unreachable
    ? `did NOT answer /version (${probe.unreachable}): reads fail soft, changes fail`
    : `answers, Kubernetes ${probe.version}`;
  const mode = dryRun ? 'changes are a DRY RUN (set DRY_RUN=false to act on it)' : 'changes are LIVE (DRY_RUN=false), within the policy';
  return [`  cluster: ${which} ${answers}`, `  ${mode}`];
};
