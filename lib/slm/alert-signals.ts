import type { AnalysisContext } from './analysis-context.ts';

/** Something the rules read from an alert and the facts gathered about it. */
export type Signal = (c: AnalysisContext) => boolean;

const named =
  (pattern: RegExp): Signal =>
  (c) =>
    pattern.test(c.alert.name);
const label = (c: AnalysisContext, key: string): string => c.alert.labels[key] ?? '';
const containers = (c: AnalysisContext) => c.pods.flatMap((p) => p.containers);

/** The alert has resolved: nothing is left to fix. */
export const resolved: Signal = (c) => c.alert.status === 'resolved';

// Severity info and none are how the rules' authors mark alerts that only inform (kubernetes-mixin: CPUThrottlingHigh,
// the quota and kubelet capacity alerts; kube-prometheus: Watchdog, InfoInhibitor). The named ones inform by nature:
// nothing in the catalog changes quotas, cluster capacity or component versions, and CPUThrottlingHigh's runbook says
// the limit should not be raised on its account.
const INFORMATIONAL = new RegExp(
  `^(${[
    'Watchdog',
    'InfoInhibitor',
    'KubeVersionMismatch',
    'CPUThrottlingHigh',
    'KubeQuotaAlmostFull',
    'KubeQuotaFullyUsed',
    'KubeQuotaExceeded',
    'KubeCPUOvercommit',
    'KubeMemoryOvercommit',
    'KubeCPUQuotaOvercommit',
    'KubeMemoryQuotaOvercommit',
  ].join('|')})$`,
);
/** The alert is meant to inform, not to be acted on (an explicit severity label; a missing one says nothing). */
export const informational: Signal = (c) =>
  ['info', 'none'].includes(label(c, 'severity').toLowerCase()) || INFORMATIONAL.test(c.alert.name);

/** The alert names no object the catalog can act on. */
export const namesNoObject: Signal = (c) =>
  !(c.chain.pod || c.chain.workload || c.chain.node || c.chain.pvc || c.chain.hpa || c.chain.service || c.chain.pv);

/** A certificate is expiring or cannot be renewed. */
export const certificateTrouble = named(/Certificate|Expir/i);

/** A container was OOMKilled (the reason label, the alert's name, or a pod's last termination). */
export const oomKilled: Signal = (c) =>
  label(c, 'reason') === 'OOMKilled' || /OOM/i.test(c.alert.name) || containers(c).some((x) => x.lastTermination?.reason === 'OOMKilled');

/** A container's memory is at its limit (no OOMKill seen yet). */
export const memoryAtLimit = named(/Memory(Usage|Limit|Pressure|High)|HighMemory/i);

/** A container is crash-looping (a node's crash-looping service is not a container). */
export const crashLooping: Signal = (c) =>
  ((c.chain.pod !== null || c.chain.workload !== null) && /CrashLoop/i.test(c.alert.name)) ||
  label(c, 'reason') === 'CrashLoopBackOff' ||
  containers(c).some((x) => x.waiting === 'CrashLoopBackOff');

// Waiting reasons a new pod template causes: an image that cannot be pulled, a missing ConfigMap or Secret, a bad
// command (kube-state-metrics' kube_pod_container_status_waiting_reason, as KubeContainerWaiting carries it).
const START_FAILURES =
  /^(ImagePullBackOff|ErrImagePull|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError)$/;
/** A container cannot start at all. */
export const cannotStart: Signal = (c) =>
  START_FAILURES.test(label(c, 'reason')) || containers(c).some((x) => START_FAILURES.test(x.waiting ?? ''));

// A rollout in the hour before the alert started is the likeliest cause of a failure to run.
const rolledOutRecently: Signal = (c) => {
  const w = c.workload;
  if (!w?.hasPreviousRevision || !w.revisionCreatedAt) return false;
  const gap = Date.parse(c.alert.startsAt) - Date.parse(w.revisionCreatedAt);
  return gap >= -5 * 60_000 && gap <= 60 * 60_000;
};
/** Containers crash-loop or cannot start, and the workload rolled out a new revision within the hour before. */
export const failingAfterRollout: Signal = (c) => (crashLooping(c) || cannotStart(c)) && rolledOutRecently(c);

/** A Deployment's rollout passed its progress deadline, and it has a revision to go back to (when that is known). */
export const rolloutStuck: Signal = (c) => /^KubeDeploymentRolloutStuck$/.test(c.alert.name) && c.workload?.hasPreviousRevision !== false;

/** A node is not ready, unreachable, or its readiness flaps. */
export const nodeNotReady: Signal = (c) =>
  /KubeNodeNotReady|KubeNodeUnreachable|NodeNotReady|ReadinessFlapping/i.test(c.alert.name) || c.node?.ready === false;

/** A node's hardware or its system services fail: a degraded RAID array, a failed disk or bond member, a failed unit. */
export const nodeHardwareFailing = named(/RAID|Disk(Failure|Failed)|SystemdService(Failed|Crashlooping)|BondingDegraded/);

// The inode count grows with the filesystem (the KubePersistentVolumeInodesFillingUp runbook), so growing helps both.
const VOLUME_FILLING = /PersistentVolume(Inodes)?(FillingUp|Usage|Full)|Disk(Full|Filling)/;
/** A volume claim fills up (space or inodes) and its StorageClass can expand (or that is not known). */
export const volumeFillingExpandable: Signal = (c) => VOLUME_FILLING.test(c.alert.name) && c.pvc?.expandable !== false;

/** A volume has errors, runs out of inodes, or fills up without a way to grow. */
export const volumeTrouble = named(/PersistentVolume|VolumeErrors|Inodes/);

/** Prometheus cannot reach or discover scrape targets, or drops what they send. */
export const scrapeFailing = named(
  /TargetDown|ScrapeError|SDRefreshFailure|TargetSyncFailure|ListWatchFailures|(Sample|BodySize|Target|Label)LimitHit|Down$/,
);

/** An HPA has been held at its maximum. */
export const hpaMaxedOut = named(/KubeHpaMaxedOut/);

/** A workload's CPU is saturated. */
export const cpuSaturated = named(/CPU(Usage|Saturat|High)|HighCPU/i);

/** Pods not ready or not scheduled, replicas or generations mismatched, rollouts or jobs not finishing. */
export const workloadDegraded = named(
  new RegExp(
    [
      'NotReady',
      'ReplicasMismatch',
      'GenerationMismatch',
      'ContainerWaiting',
      'Job(Failed|NotCompleted|Completion)',
      'RolloutStuck',
      'UpdateNotRolledOut',
      'Scheduled',
      'Pending',
      'CPU',
      'HPA',
      'Hpa',
    ].join('|'),
    'i',
  ),
);
