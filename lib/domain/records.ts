import type { ActionName } from './action-name.ts';
import type { ActionStatus, AssessmentOutcome, Decision, GateVerdict } from './execution.ts';
import type { Provenance } from './provenance.ts';
import type { CloudEventEnvelope } from './cloud-event-envelope.ts';

/** A target as stored: the key (`ns/Kind/name`) and its parts. */
export interface TargetRef {
  kind: string;
  namespace: string | null;
  name: string;
}

/** An incident: one problem, however many alerts and webhooks. */
export interface IncidentRecord {
  id: string;
  dedupKey: string;
  alertname: string;
  severity: string;
  namespace: string | null;
  target: TargetRef | null;
  status: 'open' | 'resolved' | 'expired';
  openedByEvent: string;
  openedAt: Date;
  lastSeen: Date;
  resolvedAt: Date | null;
  occurrences: number;
}

/** What folding an alert event into incidents did. */
export interface IncidentFold {
  incident: IncidentRecord;
  /** This event opened the incident (so it is the one to analyse, even when redelivered). */
  opened: boolean;
}

/** A recommendation to store. */
export interface RecommendationInput {
  eventId: string;
  incidentId: string;
  fingerprint: string;
  alertname: string;
  target: (TargetRef & { verified: boolean }) | null;
  action: ActionName;
  parameters: Record<string, unknown>;
  confidence: number;
  reasoning: string;
  evidence: string[];
  provenance: Provenance;
  /** The learning loop's prediction (a changing action), or null. */
  prediction: { successProbability: number; samples: number } | null;
  rawOutput: string | null;
  /** The event as published: execute acts on this copy, never on what a delivery claims. */
  event: CloudEventEnvelope;
}

/** An action to store when execute decides. */
export interface ActionInput {
  recommendationEventId: string;
  incidentId: string | null;
  alertname: string;
  fingerprint: string;
  target: TargetRef | null;
  action: ActionName;
  parameters: Record<string, unknown>;
  disruptive: boolean;
  decision: Decision;
  verdicts: GateVerdict[];
  status: ActionStatus;
  preState: unknown;
  preSpecHash: string | null;
  /** The target's readiness when the action was decided (assess compares it with the readiness after). */
  preHealth?: { ready: number; desired: number } | null;
  /** For an action waiting for approval: the change as planned when it was decided (replaced by what was done). */
  postState?: unknown;
}

/** A stored action, with its assessment when it has one. */
export interface ActionRecord extends ActionInput {
  id: string;
  postState: unknown;
  postSpecHash: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  assessment: { outcome: AssessmentOutcome | null; score: number | null; assessedAt: Date | null } | null;
}

/** A person's no to an action on a target. */
export interface Decline {
  /** The target's key (`ns/Kind/name`). */
  target: string;
  action: ActionName;
  by: string | null;
  at: Date;
}

/**
 * What an action waiting for approval would change, planned (reads only) when it was decided: stored as its post-state
 * until it is carried out; `note` says why the change is unknown.
 */
export type PlannedChange = { planned: { summary: string; wouldSend: string[]; at: string } } | { planned: null; note: string };

/** How an action ends. */
export interface ActionEnd {
  status: ActionStatus;
  postState?: unknown;
  postSpecHash?: string | null;
  error?: string | null;
}

/** An assessment that is due (or was scored). */
export interface AssessmentRecord {
  id: string;
  actionId: string;
  dueAt: Date;
  expiresAt: Date;
  assessedAt: Date | null;
  outcome: AssessmentOutcome | null;
  score: number | null;
  resolved: boolean | null;
  factors: unknown;
  baselineRate: number | null;
  reasoning: string | null;
}

/** How often an action helped, for one alert name or one target. */
export interface SuccessRate {
  action: ActionName;
  samples: number;
  effective: number;
  rate: number;
}

/** How often incidents of an alert name cleared on their own (no action, or only notify/diagnostics/refused). */
export interface Baseline {
  alertname: string;
  samples: number;
  resolvedWithin: number;
  rate: number | null;
}

/** An action with its recommendation and assessment details: one line of `alerts-slm history`. */
export interface DecisionRecord extends ActionRecord {
  recommendation: { source: string; confidence: number; reasoning: string; model: string | null } | null;
  assessmentDetail: { factors: unknown; reasoning: string | null } | null;
}

/** The run of the same action repeated on a target without the problem clearing in between. */
export interface IneffectiveChain {
  /** Performed actions of this kind in a row, newest first, each followed by another while the alert still fired. */
  length: number;
  /** Links where we acted again on our own previous result (pre-state = the previous post-state): it did not help. */
  repeatsOnOwnChange: number;
  /** The last action undid the one before (post-state = the previous pre-state): flip-flopping. */
  oscillating: boolean;
}
