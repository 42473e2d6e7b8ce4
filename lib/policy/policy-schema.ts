import * as z from 'zod';
import { ActionName } from '../domain/action-name.ts';
import { durationField, strictSection } from '../domain/schema-fields.ts';

/** How far the system may go on its own in a scope. */
export const Mode = z.enum(['auto', 'approval', 'dry-run', 'off']);
export type Mode = z.infer<typeof Mode>;
const Risk = z.enum(['none', 'low', 'medium', 'high']);
// Namespace and severity patterns: exact names, or globs with `*` (`shop-*`, `*`).
const Patterns = z.array(z.string().min(1)).min(1);

/** A scope: which namespaces and severities a rule applies to (cluster-scoped targets have namespace ""). */
const Scope = { namespaces: Patterns.prefault(['*']), severities: Patterns.prefault(['*']) };

/** The safety policy, with safe defaults: every gate's limit lives here. */
export const Policy = strictSection({
  /** First matching rule wins; `defaultMode` applies when none matches. Global DRY_RUN wins over all. */
  modes: z.array(strictSection({ ...Scope, mode: Mode })).prefault([{ namespaces: ['*'], severities: ['critical'], mode: 'approval' }]),
  defaultMode: Mode.prefault('auto'),
  /** Actions riskier than this need approval even where the mode is auto. */
  maxAutoRisk: Risk.prefault('medium'),
  /** Per scope, the actions allowed at all; first matching rule wins; no rule matching means all actions. */
  allowedActions: z.array(strictSection({ ...Scope, actions: z.array(ActionName) })).prefault([]),
  /** Namespaces acted in (empty: all but the protected ones). */
  namespaces: z.array(z.string()).prefault([]),
  /** Never changed, whatever else says (globs allowed). */
  protectedNamespaces: z
    .array(z.string())
    .prefault(['kube-system', 'kube-public', 'kube-node-lease', 'monitoring', 'openshift-*', 'cert-manager', 'knative-*', 'alerts-slm']),
  bounds: strictSection({
    maxReplicas: z.number().int().min(1).prefault(20),
    minReplicas: z.number().int().min(0).prefault(1),
    maxScaleStep: z.number().int().min(1).prefault(5),
    maxScaleStepPercent: z.number().min(1).prefault(100),
    maxResourceIncreasePercent: z.number().min(1).prefault(100),
    maxMemory: z.string().prefault('8Gi'),
    maxCpu: z.string().prefault('4'),
    maxPvcGrowthPercent: z.number().min(1).prefault(100),
    maxPvcSize: z.string().prefault('1Ti'),
    /** Bring out-of-bound parameters within bounds (and say so) instead of refusing them. */
    clamp: z.boolean().prefault(false),
  }).prefault({}),
  minConfidence: strictSection({
    none: z.number().min(0).max(1).prefault(0),
    low: z.number().min(0).max(1).prefault(0.5),
    medium: z.number().min(0).max(1).prefault(0.7),
    high: z.number().min(0).max(1).prefault(0.85),
  }).prefault({}),
  cooldownMs: durationField().prefault('30m'),
  /** How long a target's in-flight lock lives if its holder dies. */
  lockLeaseMs: durationField().prefault('5m'),
  maxConcurrentActions: z.number().int().min(1).prefault(5),
  blastRadius: strictSection({
    windowMs: durationField().prefault('1h'),
    perNamespace: z.number().int().min(0).prefault(3),
    perCluster: z.number().int().min(0).prefault(10),
  }).prefault({}),
  /** More actions than this in the window: everything goes to approval (an automatic stop). */
  rateSpike: strictSection({ windowMs: durationField().prefault('10m'), maxActions: z.number().int().min(1).prefault(10) }).prefault({}),
  maxConsecutiveFailures: z.number().int().min(1).prefault(3),
  /** The same action repeated this many times without the alert clearing escalates to approval. */
  maxIneffectiveRepeats: z.number().int().min(1).prefault(2),
  /**
   * Oscillation of a target's replicas, HPA bounds, resources or size over the window: from `approvalAt` direction
   * changes (the proposed step included) a change needs a person, from `blockAt` it is refused.
   */
  oscillation: strictSection({
    windowMs: durationField().prefault('6h'),
    approvalAt: z.number().int().min(1).prefault(2),
    blockAt: z.number().int().min(1).prefault(4),
  })
    .refine((o) => o.blockAt >= o.approvalAt, { message: 'oscillation.blockAt must be at least oscillation.approvalAt' })
    .prefault({}),
  /**
   * The headroom gate: a change that leaves less than this fraction of the schedulable nodes' allocatable CPU or
   * memory unrequested needs a person (quota and LimitRange overruns are refused whatever it says).
   */
  capacity: strictSection({ minHeadroom: z.number().min(0).max(1).prefault(0.1) }).prefault({}),
  /** Change workloads that Argo CD or Flux manage (GitOps may revert it). */
  allowGitOpsChanges: z.boolean().prefault(false),
  /** The learning loop: below this measured effectiveness (after minSamples), auto is demoted to approval. */
  learning: strictSection({
    minSamples: z.number().int().min(1).prefault(5),
    minEffectiveness: z.number().min(0).max(1).prefault(0.5),
  }).prefault({}),
  approvalTtlMs: durationField().prefault('1h'),
  /** After a person declines an action on a target, that (target, action) waits for a person this long. */
  declinedHoldMs: durationField().prefault('4h'),
  /** When an assessment finds a change made things worse, recommend reverting it (through the same gates). */
  compensateHarmfulActions: z.boolean().prefault(false),
});
export type Policy = z.infer<typeof Policy>;
