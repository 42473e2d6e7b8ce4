import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { AlertData } from '../events/alert-events.ts';
import type { GateVerdict } from '../domain/execution.ts';
import type { ActionCounts, DecisionFilter, EffectivenessFilter, EffectivenessRow } from './decisions.ts';
import type { IneffectiveChain } from '../domain/records.ts';
import type { DimensionChange } from '../domain/oscillation.ts';
import type { AssessmentResult } from './assessments.ts';
import type { ApprovalBacklog } from './actions.ts';
import type { RefusedEvent } from './refused-events.ts';
import type { Pruned, Retention } from './retention.ts';
import type { DeadLetter } from './dead-letters.ts';
import type { ActionEnd, ActionInput, ActionRecord, AssessmentRecord, Baseline, DecisionRecord, Decline, IncidentFold, IncidentRecord, RecommendationInput, SuccessRate, TargetRef } from '../domain/records.ts';
import type { AssessmentOutcome } from '../domain/execution.ts';

/** Reads every function and the CLI may make, inside a transaction or not. */
export interface StoreReads {
  alertStatus(fingerprint: string): Promise<'firing' | 'resolved' | null>;
  incident(id: string): Promise<IncidentRecord | null>;
  action(id: string): Promise<ActionRecord | null>;
  lastActions(targetKey: string, limit?: number): Promise<ActionRecord[]>;
  consecutiveFailures(targetKey: string): Promise<number>;
  ineffectiveChain(targetKey: string, action: string): Promise<IneffectiveChain>;
  successRatesForAlert(alertname: string): Promise<SuccessRate[]>;
  successRatesForTarget(targetKey: string): Promise<SuccessRate[]>;
  noActionBaseline(alertname: string, windowMs: number): Promise<Baseline>;
  recurrences(alertname: string, targetKey: string, since: Date, until: Date): Promise<number>;
  /** Incidents of other alerts on the target opened in (since, until]: side effects. */
  otherAlertsOnTarget(alertname: string, targetKey: string, since: Date, until: Date): Promise<number>;
  /** Our own actions on the target that changed something after `since` (their changes are not someone else's drift). */
  laterActionsOnTarget(targetKey: string, since: Date): Promise<number>;
  lastActionAt(targetKey: string, action: string): Promise<Date | null>;
  /** What people declined on these targets, newest first: one action's declines, or all since `since`. */
  declines(targetKeys: readonly string[], options?: { action?: string; since?: Date; limit?: number }): Promise<Decline[]>;
  /** What our performed actions on the target moved since `since`, oldest first (the oscillation analysis's series). */
  changeSeries(targetKey: string, since: Date): Promise<DimensionChange[]>;
  countActionsSince(since: Date, options?: { namespace?: string; disruptiveOnly?: boolean }): Promise<number>;
  cachedAnswer<T>(key: string): Promise<T | null>;
  actionForRecommendation(recommendationEventId: string): Promise<ActionRecord | null>;
  pendingApprovals(limit?: number): Promise<ActionRecord[]>;
  /** How many actions wait for approval and have not outlived `ttlMs`, and when the oldest of them started. */
  approvalBacklog(ttlMs: number): Promise<ApprovalBacklog>;
  /** Approved by a person, not carried out yet (execute was not woken, or not yet). */
  approvedActions(limit?: number): Promise<ActionRecord[]>;
  /** The recommendation event stored under this id, as it was published; null when none was. */
  storedRecommendation(eventId: string): Promise<CloudEventEnvelope | null>;
}

/** Writes, meant to run inside recordOnce / claim / complete so they commit with the processed-event row. */
export interface StoreTx extends StoreReads {
  upsertAlert(alert: AlertData): Promise<void>;
  foldIntoIncident(input: { dedupKey: string; alert: AlertData; target: TargetRef | null; eventId: string; windowMs: number }): Promise<IncidentFold>;
  resolveAlert(fingerprint: string, at: Date): Promise<IncidentRecord[]>;
  insertRecommendation(input: RecommendationInput): Promise<string>;
  insertAction(input: ActionInput): Promise<{ action: ActionRecord; existed: boolean }>;
  finishAction(id: string, end: ActionEnd): Promise<ActionRecord>;
  redecideAction(
    id: string,
    change: { decision: ActionInput['decision']; verdicts: GateVerdict[]; status: ActionInput['status']; parameters: Record<string, unknown>; preState?: unknown; preSpecHash?: string | null; decidedBy?: string | null },
  ): Promise<ActionRecord>;
  decidePending(id: string, status: 'approved' | 'declined' | 'expired', by: string | null): Promise<boolean>;
  scheduleAssessment(actionId: string, dueAt: Date, expiresAt: Date): Promise<AssessmentRecord>;
  saveAssessment(id: string, result: AssessmentResult): Promise<boolean>;
  /** How many assessments wait to be judged: none means the tick may stop. */
  pendingAssessments(): Promise<number>;
  /** Leases due, unscored assessments to this tick (see assessments.ts). */
  leaseDueAssessments(leaseMs: number, limit: number): Promise<AssessmentRecord[]>;
  postponeAssessment(id: string, dueAt: Date): Promise<void>;
  cacheAnswer(key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** The result of an exactly-once step: the reply it produced, or, on a redelivery, the reply it produced then. */
export type Recorded = { duplicate: boolean; reply: CloudEventEnvelope | undefined };

/** Claiming an event for work that calls the network between the claim and its effects. */
export type Claimed<T> = { state: 'claimed'; result: T; takenOver: boolean } | { state: 'done'; reply: CloudEventEnvelope | undefined };

/** The port the functions and the CLI use; one implementation over any of the three drivers. */
export interface Store extends StoreTx {
  readonly driver: string;
  /**
   * Exactly-once effects on an at-least-once broker: inserts the processed-event row, runs `fn`'s writes and stores
   * its reply in ONE transaction. A redelivery runs nothing and gets the stored reply; a concurrent one waits for
   * the first to commit, then does the same.
   */
  recordOnce(consumer: string, event: CloudEventEnvelope, fn: (tx: StoreTx) => Promise<CloudEventEnvelope | undefined>): Promise<Recorded>;
  /**
   * For a step that must call the network (a model, the Kubernetes API): claims the event for `leaseMs` and runs
   * `fn`'s writes in the same transaction. A concurrent delivery meets the claim and gets TransientError (retry);
   * a claim whose holder died is taken over when the lease expires.
   */
  claim<T>(consumer: string, event: CloudEventEnvelope, leaseMs: number, fn: (tx: StoreTx) => Promise<T>): Promise<Claimed<T>>;
  /** Ends a claimed step: `fn`'s writes and the reply, in one transaction. */
  complete(consumer: string, event: CloudEventEnvelope, fn: (tx: StoreTx) => Promise<CloudEventEnvelope | undefined>): Promise<CloudEventEnvelope | undefined>;
  /** Gives a claim back when the step failed before changing anything, so the broker's retry can take it. */
  abandon(consumer: string, event: CloudEventEnvelope): Promise<void>;
  /** The per-target in-flight lock (a lease) and the global count of held ones. */
  acquireTargetLock(targetKey: string, holder: string, leaseMs: number): Promise<boolean>;
  releaseTargetLock(targetKey: string, holder: string): Promise<void>;
  heldTargetLocks(): Promise<number>;
  /** Whether the target's lock is held by anyone now (without taking it). */
  targetLockHeld(targetKey: string): Promise<boolean>;
  recentDecisions(options?: DecisionFilter): Promise<DecisionRecord[]>;
  /** A target's actions since a time (all time with null): counted by status, the first and the last. */
  actionCounts(targetKey: string, since: Date | null): Promise<ActionCounts>;
  effectivenessTable(filter?: EffectivenessFilter): Promise<EffectivenessRow[]>;
  /** The learning loop's predictions next to what the assessments found (alerts-slm stats' calibration). */
  predictionOutcomes(): Promise<{ predicted: number; effective: boolean }[]>;
  alertnames(): Promise<string[]>;
  loggedEvents(options?: { types?: string[]; since?: Date; limit?: number }): Promise<CloudEventEnvelope[]>;
  loggedEvent(id: string): Promise<CloudEventEnvelope | null>;
  /** Records an event `consumer` refused because the store does not back it (once per source and id). */
  refuseEvent(consumer: string, event: CloudEventEnvelope, reason: string): Promise<void>;
  refusedEvents(limit?: number): Promise<RefusedEvent[]>;
  /** Keeps an event the broker dead-lettered; false when it was already kept. */
  keepDeadLetter(event: CloudEventEnvelope): Promise<boolean>;
  /** Records that a dead letter was sent back through the broker (its `count`th re-drive). */
  markRedriven(event: CloudEventEnvelope, count: number): Promise<void>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** One bounded pass of the retention policy: rows deleted per table. */
  prune(retention: Retention, batch?: number): Promise<Pruned>;
  /** The same, only when no pass ran in the last `everyMs` (any function or replica): null when not due. */
  pruneIfDue(retention: Retention, everyMs: number): Promise<Pruned | null>;
  close(): Promise<void>;
}
