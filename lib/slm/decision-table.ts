import * as s from './alert-signals.ts';
import type { Rule } from './rule.ts';

const scaleUp = (n: number) => n + Math.max(1, Math.ceil(n * 0.5));
const MEMORY_UP = { resource: 'memory', increase_percent: 50 };

/**
 * The rules analyzer's decision table, first match wins; the README documents every row and its confidence. A row
 * whose action does not apply to the alert's target (allowedActions) is skipped.
 */
export const RULES: readonly Rule[] = [
  {
    id: 'resolved', when: 'the alert has resolved', outcome: 'notify_only', action: 'notify_only', confidence: 0.95,
    matches: s.resolved,
    reasoning: () => 'The alert has resolved: there is nothing left to change, so people are only told.',
  },
  {
    id: 'informational',
    when: 'severity `info` or `none`, or an alert that only informs (Watchdog, InfoInhibitor, quotas, overcommit, version skew, CPU throttling)',
    outcome: 'notify_only', action: 'notify_only', confidence: 0.9,
    matches: s.informational,
    reasoning: () => 'The alert is meant to inform: no cluster change answers it, so people are notified.',
  },
  {
    id: 'cluster-wide', when: 'the alert names no object', outcome: 'notify_only', action: 'notify_only', confidence: 0.9,
    matches: s.namesNoObject,
    reasoning: () => 'The alert is cluster-wide: there is no single object to change, so people are notified.',
  },
  {
    id: 'certificate', when: 'a certificate is expiring or cannot be renewed', outcome: 'notify_only', action: 'notify_only', confidence: 0.85,
    matches: s.certificateTrouble,
    reasoning: () => 'Certificate expiry needs a person (rotation, renewal); no cluster change helps.',
  },
  {
    id: 'oom-killed', when: 'containers are OOMKilled', outcome: 'increase_resources memory +50%', action: 'increase_resources', confidence: 0.8,
    matches: s.oomKilled,
    parameters: () => MEMORY_UP,
    reasoning: () => 'The container was killed for running out of memory; raising its memory request and limit within bounds gives it room.',
  },
  {
    id: 'memory-at-limit', when: 'memory is at its limit', outcome: 'increase_resources memory +50%', action: 'increase_resources', confidence: 0.7,
    matches: s.memoryAtLimit,
    parameters: () => MEMORY_UP,
    reasoning: () => 'The container uses nearly all of its memory limit; raising it within bounds comes before the OOM killer does.',
  },
  {
    id: 'failure-after-rollout',
    when: 'containers crash-loop or cannot start (image pull, missing config) within an hour of a rollout',
    outcome: 'rollback_deployment', action: 'rollback_deployment', confidence: 0.85,
    matches: s.failingAfterRollout,
    reasoning: () => 'The containers stopped running right after a new revision rolled out; the previous revision is the likeliest fix.',
  },
  {
    id: 'rollout-stuck',
    when: "a Deployment's rollout stopped progressing (and it has an earlier revision, when known)",
    outcome: 'rollback_deployment', action: 'rollback_deployment', confidence: 0.85,
    matches: s.rolloutStuck,
    reasoning: () =>
      'The new revision did not become available before its progress deadline while the previous one still serves; rolling back restores it.',
  },
  {
    id: 'crash-loop', when: 'a container is crash-looping (no recent rollout)', outcome: 'collect_diagnostics', action: 'collect_diagnostics',
    confidence: 0.8,
    matches: s.crashLooping,
    reasoning: () => 'A restart would not fix a crash loop; its logs and events say why it crashes.',
  },
  {
    id: 'node-not-ready', when: 'a node is NotReady, unreachable or flapping', outcome: 'cordon_node', action: 'cordon_node', confidence: 0.75,
    matches: s.nodeNotReady,
    reasoning: () => 'The node is not ready: cordoning keeps new pods off it while people look.',
  },
  {
    id: 'node-hardware',
    when: 'a RAID array is degraded, a disk or bond member failed, a systemd unit failed or crash-loops',
    outcome: 'cordon_node', action: 'cordon_node', confidence: 0.75,
    matches: s.nodeHardwareFailing,
    reasoning: () => 'Part of the node is failing: cordoning keeps new pods off it (running ones stay) until it is repaired.',
  },
  {
    id: 'pvc-filling',
    when: 'a volume claim is filling up (space or inodes) and its StorageClass can expand',
    outcome: 'expand_pvc +50%', action: 'expand_pvc', confidence: 0.75,
    matches: s.volumeFillingExpandable,
    parameters: () => ({ increase_percent: 50 }),
    reasoning: () => 'The volume is filling up; growing the claim within the cap buys time.',
  },
  {
    id: 'volume-trouble', when: 'a volume has errors, or fills up and cannot grow', outcome: 'collect_diagnostics', action: 'collect_diagnostics',
    confidence: 0.7,
    matches: s.volumeTrouble,
    reasoning: () => 'The volume needs a person (cleanup, provisioning, restore); its claim, pods and events say which.',
  },
  {
    id: 'scrape-failing', when: 'scrape targets are unreachable, or discovery or target sync fails', outcome: 'collect_diagnostics',
    action: 'collect_diagnostics', confidence: 0.7,
    matches: s.scrapeFailing,
    reasoning: () => "Prometheus cannot scrape or discover targets; the scraper's and the target's logs and events say why.",
  },
  {
    id: 'hpa-maxed-out', when: 'an HPA has been held at its maximum (the maximum known)', outcome: 'adjust_hpa max +50%', action: 'adjust_hpa',
    confidence: 0.7,
    matches: s.hpaMaxedOut,
    parameters: (c) => (c.workload?.hpa?.maxReplicas ? { max_replicas: scaleUp(c.workload.hpa.maxReplicas) } : null),
    reasoning: (c) => `The autoscaler is stuck at its ceiling of ${c.workload?.hpa?.maxReplicas}; raising the ceiling lets it follow the load.`,
  },
  {
    id: 'cpu-saturated', when: 'CPU is saturated, no HPA, current replicas known', outcome: 'scale_deployment ×1.5', action: 'scale_deployment',
    confidence: 0.7,
    matches: (c) => s.cpuSaturated(c) && !c.workload?.hpa,
    parameters: (c) => (c.workload?.replicas ? { replicas: scaleUp(c.workload.replicas) } : null),
    reasoning: (c) => {
      const replicas = c.workload?.replicas ?? 0;
      return `CPU is saturated and no autoscaler manages the workload; ${replicas} replicas become ${scaleUp(replicas)}.`;
    },
  },
  {
    id: 'degraded-workload', when: 'pods not ready, replicas mismatched, rollouts or jobs not finishing', outcome: 'collect_diagnostics',
    action: 'collect_diagnostics', confidence: 0.7,
    matches: s.workloadDegraded,
    reasoning: () => 'The workload is degraded for a reason the alert does not give; diagnostics first.',
  },
  {
    id: 'default', when: 'anything else about an object', outcome: 'collect_diagnostics', action: 'collect_diagnostics', confidence: 0.5,
    matches: () => true,
    reasoning: () => 'No rule knows this alert; collecting diagnostics changes nothing and helps whoever looks next.',
  },
  {
    id: 'nothing-else', when: 'nothing else applies', outcome: 'notify_only', action: 'notify_only', confidence: 0.5,
    matches: () => true,
    reasoning: () => 'Nothing else applies.',
  },
];
