import * as z from 'zod';
import type { ActionName } from '../domain/action-name.ts';
import { defineAction, type ActionSpec } from './action-spec.ts';
import { resourceDimension, type Dimensions } from './dimensions.ts';
import { planCordon, planDrain } from './node-plans.ts';
import { planDiagnostics, planNotify } from './read-only-plans.ts';
import { planExpandPvc } from './storage-plans.ts';
import { planAdjustHpa, planIncreaseResources, planRestartPod, planRollback, planRolloutRestart, planScale } from './workload-plans.ts';

const percent = (min: number, max: number, what: string) => z.number().int().min(min).max(max).describe(what);
const read = (apiGroup: string, resource: string) => ({ apiGroup, resource, verbs: ['get', 'list'] as const });
// Every change is announced as a Kubernetes Event on its target.
const events = { apiGroup: '', resource: 'events', verbs: ['create'] as const };
// A move of one dimension to an absolute value, or up by a percentage (nothing when the dimension is not measured now).
const to = (now: Dimensions, dimension: string, value: unknown) => {
  const before = now[dimension];
  return before === undefined || typeof value !== 'number' ? [] : [{ dimension, before, after: value }];
};
const upBy = (now: Dimensions, dimension: string, percent: unknown) => {
  const before = now[dimension];
  return before === undefined || typeof percent !== 'number'
    ? []
    : [{ dimension, before, after: Math.round(before * (1 + percent / 100) * 100) / 100 }];
};
// Changes to a workload's pod template: whichever of the three kinds owns the pods.
const patchWorkloads = ['deployments', 'statefulsets', 'daemonsets'].map((resource) => ({
  apiGroup: 'apps',
  resource,
  verbs: ['get', 'patch'] as const,
}));

/** The closed action catalog. Parameters never name a target: the target comes from the alert's labels. */
export const CATALOG = {
  notify_only: defineAction({
    name: 'notify_only',
    summary: 'Change nothing; record the alert and notify people (the safe choice when unsure or nothing fits).',
    parameters: z.object({}),
    operandKinds: 'none',
    risk: 'none',
    reversible: true,
    disruptive: false,
    mutating: false,
    judgedBy: 'alert',
    bounds: {},
    permissions: [],
    plan: planNotify,
  }),
  collect_diagnostics: defineAction({
    name: 'collect_diagnostics',
    summary: 'Change nothing; collect describe-like facts, recent events and the last log lines of failing containers.',
    parameters: z.object({}),
    operandKinds: [
      'Pod',
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'Node',
      'PersistentVolumeClaim',
      'HorizontalPodAutoscaler',
      'Service',
      'PersistentVolume',
    ],
    risk: 'none',
    reversible: true,
    disruptive: false,
    mutating: false,
    judgedBy: 'alert',
    bounds: {},
    permissions: [
      read('', 'pods'),
      { apiGroup: '', resource: 'pods/log', verbs: ['get'] },
      read('', 'events'),
      read('apps', 'deployments'),
      read('apps', 'statefulsets'),
      read('apps', 'daemonsets'),
      read('', 'nodes'),
      read('', 'persistentvolumeclaims'),
      read('autoscaling', 'horizontalpodautoscalers'),
      read('batch', 'jobs'),
      read('batch', 'cronjobs'),
      read('apps', 'replicasets'),
      { apiGroup: '', resource: 'services', verbs: ['get'] },
      { apiGroup: '', resource: 'persistentvolumes', verbs: ['get'] },
    ],
    plan: planDiagnostics,
  }),
  restart_pod: defineAction({
    name: 'restart_pod',
    summary: "Delete the alert's pod so its controller recreates it (never a pod without a controller).",
    parameters: z.object({}),
    operandKinds: ['Pod'],
    risk: 'low',
    reversible: true,
    disruptive: true,
    mutating: true,
    judgedBy: 'alert',
    bounds: {},
    permissions: [read('', 'pods'), { apiGroup: '', resource: 'pods', verbs: ['delete'] }, events],
    plan: planRestartPod,
  }),
  restart_deployment: defineAction({
    name: 'restart_deployment',
    summary: 'Rolling restart of the owning workload (like kubectl rollout restart).',
    parameters: z.object({}),
    operandKinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
    risk: 'medium',
    reversible: true,
    disruptive: true,
    mutating: true,
    judgedBy: 'alert',
    bounds: {},
    permissions: [...patchWorkloads, events],
    plan: planRolloutRestart,
  }),
  scale_deployment: defineAction({
    name: 'scale_deployment',
    summary: 'Set the replica count of the owning Deployment or StatefulSet (through the scale subresource).',
    parameters: z.object({ replicas: z.number().int().min(0).max(10_000).describe('the new replica count') }),
    operandKinds: ['Deployment', 'StatefulSet'],
    risk: 'medium',
    reversible: true,
    // Scaling down removes pods: count it against the blast radius like any disruption.
    disruptive: true,
    mutating: true,
    judgedBy: 'alert',
    bounds: { replicas: 'replicas' },
    permissions: [
      { apiGroup: 'apps', resource: 'deployments', verbs: ['get'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get'] },
      { apiGroup: 'apps', resource: 'deployments/scale', verbs: ['get', 'patch'] },
      { apiGroup: 'apps', resource: 'statefulsets/scale', verbs: ['get', 'patch'] },
      events,
    ],
    plan: planScale,
    proposes: (p, now) => to(now, 'replicas', p.replicas),
    inverse: (pre) => {
      const replicas = (pre as { replicas?: number } | null)?.replicas;
      return typeof replicas === 'number' ? { action: 'scale_deployment', parameters: { replicas } } : null;
    },
  }),
  increase_resources: defineAction({
    name: 'increase_resources',
    summary: "Raise one container's memory or CPU request and limit on the owning workload (the alert's container).",
    parameters: z.object({
      resource: z.enum(['memory', 'cpu']).describe('which resource to raise'),
      increase_percent: percent(10, 300, 'how much to raise it, in percent of the current value'),
    }),
    operandKinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
    risk: 'medium',
    reversible: true,
    disruptive: true,
    mutating: true,
    judgedBy: 'alert',
    bounds: { increase_percent: 'increase-percent' },
    permissions: [...patchWorkloads, events],
    plan: planIncreaseResources,
    proposes: (p, now, container) =>
      container ? upBy(now, resourceDimension(container, p.resource === 'cpu' ? 'cpu' : 'memory'), p.increase_percent) : [],
  }),
  rollback_deployment: defineAction({
    name: 'rollback_deployment',
    summary: 'Roll the owning Deployment back to its previous revision (like kubectl rollout undo).',
    parameters: z.object({}),
    operandKinds: ['Deployment'],
    risk: 'high',
    reversible: true,
    disruptive: true,
    mutating: true,
    judgedBy: 'alert',
    bounds: {},
    permissions: [{ apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'patch'] }, read('apps', 'replicasets'), events],
    plan: planRollback,
  }),
  adjust_hpa: defineAction({
    name: 'adjust_hpa',
    summary: "Change the minimum and maximum replicas of the workload's HorizontalPodAutoscaler.",
    parameters: z.object({
      min_replicas: z.number().int().min(1).max(10_000).optional().describe('new minimum (leave out to keep it)'),
      max_replicas: z.number().int().min(1).max(10_000).describe('new maximum'),
    }),
    operandKinds: ['HorizontalPodAutoscaler'],
    risk: 'medium',
    reversible: true,
    disruptive: false,
    mutating: true,
    judgedBy: 'alert',
    bounds: { min_replicas: 'replicas', max_replicas: 'replicas' },
    permissions: [{ apiGroup: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: ['get', 'list', 'patch'] }, events],
    plan: planAdjustHpa,
    proposes: (p, now) => [...to(now, 'minReplicas', p.min_replicas), ...to(now, 'maxReplicas', p.max_replicas)],
    inverse: (pre) => {
      const spec = pre as { minReplicas?: number; maxReplicas?: number } | null;
      return typeof spec?.maxReplicas === 'number'
        ? {
            action: 'adjust_hpa',
            parameters: { max_replicas: spec.maxReplicas, ...(spec.minReplicas ? { min_replicas: spec.minReplicas } : {}) },
          }
        : null;
    },
  }),
  cordon_node: defineAction({
    name: 'cordon_node',
    summary: "Mark the alert's node unschedulable (running pods stay).",
    parameters: z.object({}),
    operandKinds: ['Node'],
    risk: 'medium',
    reversible: true,
    disruptive: false,
    mutating: true,
    judgedBy: 'containment',
    bounds: {},
    permissions: [{ apiGroup: '', resource: 'nodes', verbs: ['get', 'patch'] }, events],
    plan: planCordon,
  }),
  drain_node: defineAction({
    name: 'drain_node',
    summary: "Cordon the alert's node, then evict its pods through the Eviction API (PodDisruptionBudgets respected).",
    parameters: z.object({}),
    operandKinds: ['Node'],
    risk: 'high',
    reversible: false,
    disruptive: true,
    mutating: true,
    judgedBy: 'containment',
    bounds: {},
    permissions: [
      { apiGroup: '', resource: 'nodes', verbs: ['get', 'patch'] },
      read('', 'pods'),
      { apiGroup: '', resource: 'pods/eviction', verbs: ['create'] },
      events,
    ],
    plan: planDrain,
  }),
  expand_pvc: defineAction({
    name: 'expand_pvc',
    summary: "Grow the alert's PersistentVolumeClaim (only when its StorageClass allows volume expansion).",
    parameters: z.object({ increase_percent: percent(10, 200, 'how much to grow it, in percent of the current request') }),
    operandKinds: ['PersistentVolumeClaim'],
    risk: 'medium',
    reversible: false,
    disruptive: false,
    mutating: true,
    judgedBy: 'alert',
    bounds: { increase_percent: 'pvc-growth-percent' },
    permissions: [
      { apiGroup: '', resource: 'persistentvolumeclaims', verbs: ['get', 'patch'] },
      { apiGroup: 'storage.k8s.io', resource: 'storageclasses', verbs: ['get'] },
      events,
    ],
    plan: planExpandPvc,
    proposes: (p, now) => upBy(now, 'storage (Gi)', p.increase_percent),
  }),
} as const satisfies Record<ActionName, ActionSpec>;

/** The catalog entry of an action. */
export const actionSpec = (name: ActionName): ActionSpec => CATALOG[name];

/** Every catalog entry, in a stable order. */
export const allActions = (): ActionSpec[] => Object.values(CATALOG);
