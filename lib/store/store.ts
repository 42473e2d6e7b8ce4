import type { CloudEventEnvelope } from '../events/define-event.ts';
import type { AlertData } from '../events/alert-events.ts';
import type { GateVerdict } from '../events/action-executed.ts';
import type { ApprovalBacklog } from './actions.ts';
import type { EffectivenessRow, IneffectiveChain } from './history.ts';
import type { RefusedEvent } from './refused-events.ts';
import type {
  ActionEnd,
  ActionInput,
  ActionRecord,
  AssessmentOutcome,
  AssessmentRecord,
  Baseline,
  DecisionRecord,
  IncidentFold,
  IncidentRecord,
  RecommendationInput,
  SuccessRate,
  TargetRef,
} from './records.ts';

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
  saveAssessment(
    id: string,
    result: { outcome: AssessmentOutcome; score: number | null; resolved: boolean | null; factors: unknown; baselineRate: number | null; reasoning: string },
  ): Promise<boolean>;
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
  recentDecisions(options?: { targetKey?: string; limit?: number }): Promise<DecisionRecord[]>;
  effectivenessTable(): Promise<EffectivenessRow[]>;
  alertnames(): Promise<string[]>;
  loggedEvents(options?: { types?: string[]; since?: Date; limit?: number }): Promise<CloudEventEnvelope[]>;
  loggedEvent(id: string): Promise<CloudEventEnvelope | null>;
  /** Records an event `consumer` refused because the store does not back it (once per source and id). */
  refuseEvent(consumer: string, event: CloudEventEnvelope, reason: string): Promise<void>;
  refusedEvents(limit?: number): Promise<RefusedEvent[]>;
  /** Keeps an event the broker dead-lettered; false when it was already kept. */
  keepDeadLetter(event: CloudEventEnvelope): Promise<boolean>;
  deadLetters(limit?: number): Promise<{ receivedAt: Date; event: CloudEventEnvelope }[]>;
  close(): Promise<void>;
}
