import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { GateVerdict } from '../domain/execution.ts';
import type { DimensionChange } from '../domain/oscillation.ts';
import type {
  ActionEnd,
  ActionInput,
  ActionRecord,
  AssessmentRecord,
  Baseline,
  DecisionRecord,
  Decline,
  IncidentFold,
  IncidentRecord,
  IneffectiveChain,
  RecommendationInput,
  SuccessRate,
  TargetRef,
} from '../domain/records.ts';
import type { AlertData } from '../events/alert-events.ts';
import type { ApprovalBacklog } from './actions.ts';
import type { AssessmentResult } from './assessments.ts';
import type { DeadLetter } from './dead-letters.ts';
import type { ActionCounts, DecisionFilter, EffectivenessFilter, EffectivenessRow } from './decisions.ts';
import type { RefusedEvent } from './refused-events.ts';
import type { Pruned, Retention } from './retention.ts';

/** Alerts as Alertmanager last reported them. */
export interface AlertsRepository {
  status(fingerprint: string): Promise<'firing' | 'resolved' | null>;
  upsert(alert: AlertData): Promise<void>;
  /** Every alert name ever seen. */
  names(): Promise<string[]>;
}

/** Incidents: alerts folded by dedup key within a window. */
export interface IncidentsRepository {
  get(id: string): Promise<IncidentRecord | null>;
  fold(input: { dedupKey: string; alert: AlertData; target: TargetRef | null; eventId: string; windowMs: number }): Promise<IncidentFold>;
  /** Resolves the alert in its open incidents; the incidents it closed. */
  resolveAlert(fingerprint: string, at: Date): Promise<IncidentRecord[]>;
}

/** analyze's recommendations, stored before they are published (execute acts only on these). */
export interface RecommendationsRepository {
  insert(input: RecommendationInput): Promise<string>;
  /** The recommendation event stored under this id, as it was published; null when none was. */
  stored(eventId: string): Promise<CloudEventEnvelope | null>;
}

/** Actions: decided, performed, simulated, refused or waiting for a person. */
export interface ActionsRepository {
  get(id: string): Promise<ActionRecord | null>;
  insert(input: ActionInput): Promise<{ action: ActionRecord; existed: boolean }>;
  finish(id: string, end: ActionEnd): Promise<ActionRecord>;
  redecide(
    id: string,
    change: {
      decision: ActionInput['decision'];
      verdicts: GateVerdict[];
      status: ActionInput['status'];
      parameters: Record<string, unknown>;
      preState?: unknown;
      preSpecHash?: string | null;
      decidedBy?: string | null;
    },
  ): Promise<ActionRecord>;
  decidePending(id: string, status: 'approved' | 'declined' | 'expired', by: string | null): Promise<boolean>;
  forRecommendation(recommendationEventId: string): Promise<ActionRecord | null>;
  pendingApprovals(limit?: number): Promise<ActionRecord[]>;
  /** How many actions wait for approval and have not outlived `ttlMs`, and when the oldest of them started. */
  approvalBacklog(ttlMs: number): Promise<ApprovalBacklog>;
  /** Approved by a person, not carried out yet (execute was not woken, or not yet). */
  approved(limit?: number): Promise<ActionRecord[]>;
  /** What people declined on these targets, newest first: one action's declines, or all since `since`. */
  declines(targetKeys: readonly string[], options?: { action?: string; since?: Date; limit?: number }): Promise<Decline[]>;
  last(targetKey: string, limit?: number): Promise<ActionRecord[]>;
  lastAt(targetKey: string, action: string): Promise<Date | null>;
  countSince(since: Date, options?: { namespace?: string; disruptiveOnly?: boolean }): Promise<number>;
  /** What our performed actions on the target moved since `since`, oldest first (the oscillation analysis's series). */
  changeSeries(targetKey: string, since: Date): Promise<DimensionChange[]>;
}

/** What the actions on a target and for an alert led to: the learning loop's and the gates' memory. */
export interface HistoryRepository {
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
}

/** Assessments: scheduled when an action ends, leased by a tick, judged once. */
export interface AssessmentsRepository {
  schedule(actionId: string, dueAt: Date, expiresAt: Date): Promise<AssessmentRecord>;
  save(id: string, result: AssessmentResult): Promise<boolean>;
  /** How many assessments wait to be judged: none means the tick may stop. */
  pending(): Promise<number>;
  /** Leases due, unscored assessments to this tick (see assessments.ts). */
  leaseDue(leaseMs: number, limit: number): Promise<AssessmentRecord[]>;
  postpone(id: string, dueAt: Date): Promise<void>;
}

/** The model's answers, cached by the alert's signature for a while. */
export interface CacheRepository {
  get<T>(key: string): Promise<T | null>;
  put(key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** What a step reads and writes: the repositories, bound to one transaction inside recordOnce / claim / complete. */
export interface StoreTx {
  readonly alerts: AlertsRepository;
  readonly incidents: IncidentsRepository;
  readonly recommendations: RecommendationsRepository;
  readonly actions: ActionsRepository;
  readonly history: HistoryRepository;
  readonly assessments: AssessmentsRepository;
  readonly cache: CacheRepository;
}

/** The per-target in-flight lock (a lease) and the global count of held ones. */
export interface LocksRepository {
  acquire(targetKey: string, holder: string, leaseMs: number): Promise<boolean>;
  release(targetKey: string, holder: string): Promise<void>;
  held(): Promise<number>;
  /** Whether the target's lock is held by anyone now (without taking it). */
  isHeld(targetKey: string): Promise<boolean>;
}

/** Decisions as people read them: history, counts, effectiveness, and predictions against outcomes. */
export interface DecisionsRepository {
  recent(options?: DecisionFilter): Promise<DecisionRecord[]>;
  /** A target's actions since a time (all time with null): counted by status, the first and the last. */
  actionCounts(targetKey: string, since: Date | null): Promise<ActionCounts>;
  effectiveness(filter?: EffectivenessFilter): Promise<EffectivenessRow[]>;
  /** The learning loop's predictions next to what the assessments found (alerts-slm stats' calibration). */
  predictionOutcomes(): Promise<{ predicted: number; effective: boolean }[]>;
}

/** The event log, and the events a function refused because the store does not back them. */
export interface EventsRepository {
  logged(options?: { types?: string[]; since?: Date; limit?: number }): Promise<CloudEventEnvelope[]>;
  get(id: string): Promise<CloudEventEnvelope | null>;
  /** Records an event `consumer` refused (once per source and id). */
  refuse(consumer: string, event: CloudEventEnvelope, reason: string): Promise<void>;
  refused(limit?: number): Promise<RefusedEvent[]>;
}

/** Events the broker dead-lettered, kept until a person re-drives or prunes them. */
export interface DeadLettersRepository {
  /** Keeps one; false when it was already kept. */
  keep(event: CloudEventEnvelope): Promise<boolean>;
  /** Records that a dead letter was sent back through the broker (its `count`th re-drive). */
  markRedriven(event: CloudEventEnvelope, count: number): Promise<void>;
  list(limit?: number): Promise<DeadLetter[]>;
}

/** The retention policy, enforced without a standing process. */
export interface RetentionRepository {
  /** One bounded pass: rows deleted per table. */
  prune(retention: Retention, batch?: number): Promise<Pruned>;
  /** The same, only when no pass ran in the last `everyMs` (any function or replica): null when not due. */
  pruneIfDue(retention: Retention, everyMs: number): Promise<Pruned | null>;
}

/** The result of an exactly-once step: the reply it produced, or, on a redelivery, the reply it produced then. */
export type Recorded = { duplicate: boolean; reply: CloudEventEnvelope | undefined };

/** Claiming an event for work that calls the network between the claim and its effects. */
export type Claimed<T> = { state: 'claimed'; result: T; takenOver: boolean } | { state: 'done'; reply: CloudEventEnvelope | undefined };

/** The port the functions and the CLI use; one implementation over any of the three drivers (see ARCHITECTURE.md). */
export interface Store extends StoreTx {
  readonly driver: string;
  readonly locks: LocksRepository;
  readonly decisions: DecisionsRepository;
  readonly events: EventsRepository;
  readonly deadLetters: DeadLettersRepository;
  readonly retention: RetentionRepository;
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
  complete(
    consumer: string,
    event: CloudEventEnvelope,
    fn: (tx: StoreTx) => Promise<CloudEventEnvelope | undefined>,
  ): Promise<CloudEventEnvelope | undefined>;
  /** Gives a claim back when the step failed before changing anything, so the broker's retry can take it. */
  abandon(consumer: string, event: CloudEventEnvelope): Promise<void>;
  close(): Promise<void>;
}
