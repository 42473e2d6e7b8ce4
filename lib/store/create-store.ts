import { TransientError } from '../errors/errors.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import {
  actionForRecommendation,
  approvalBacklog,
  approvedActions,
  decidePending,
  declines,
  finishAction,
  getAction,
  insertAction,
  pendingApprovals,
  redecideAction,
} from './actions.ts';
import { changeSeries } from './change-series.ts';
import { alertStatus, upsertAlert } from './alert-records.ts';
import { leaseDueAssessments, pendingAssessments, postponeAssessment, saveAssessment, scheduleAssessment } from './assessments.ts';
import { deadLetters, keepDeadLetter, markRedriven } from './dead-letters.ts';
import { logEvent, loggedEvent, loggedEvents } from './event-log.ts';
import {
  alertnames,
  consecutiveFailures,
  countActionsSince,
  ineffectiveChain,
  lastActionAt,
  lastActions,
  laterActionsOnTarget,
  noActionBaseline,
  otherAlertsOnTarget,
  recurrences,
  successRatesForAlert,
  successRatesForTarget,
} from './history.ts';
import { actionCounts, effectivenessTable, predictionOutcomes, recentDecisions } from './decisions.ts';
import { foldIntoIncident, getIncident, resolveAlertInIncidents } from './incidents.ts';
import { abandonClaim, claimEvent, completeEvent } from './processed-events.ts';
import { insertRecommendation, storedRecommendation } from './recommendations.ts';
import { refuseEvent, refusedEvents } from './refused-events.ts';
import { claimMaintenance, prune } from './retention.ts';
import { cacheAnswer, cachedAnswer } from './slm-cache.ts';
import type { Sql, SqlDriver } from './sql.ts';
import type { Store, StoreTx } from './store.ts';
import { acquireTargetLock, heldTargetLocks, releaseTargetLock, targetLockHeld } from './target-locks.ts';

const plus = (now: Date, ms: number) => new Date(now.getTime() + ms);

// A redelivery within one transaction cannot outlive it: the lease only matters for claims committed early.
const INBOX_LEASE_MS = 60_000;

/** The store's repositories, bound to a connection or transaction and the clock. */
const repositories = (sql: Sql, now: () => Date): StoreTx => ({
  alerts: {
    status: (fingerprint) => alertStatus(sql, fingerprint),
    upsert: async (alert) => void (await upsertAlert(sql, alert, now())),
    names: () => alertnames(sql),
  },
  incidents: {
    get: (id) => getIncident(sql, id),
    fold: (input) => foldIntoIncident(sql, input, now()),
    resolveAlert: (fingerprint, at) => resolveAlertInIncidents(sql, fingerprint, at),
  },
  recommendations: {
    insert: (input) => insertRecommendation(sql, input, now()),
    stored: (eventId) => storedRecommendation(sql, eventId),
  },
  actions: {
    get: (id) => getAction(sql, id),
    insert: (input) => insertAction(sql, input, now()),
    finish: (id, end) => finishAction(sql, id, end, now()),
    redecide: (id, change) => redecideAction(sql, id, change, now()),
    decidePending: (id, status, by) => decidePending(sql, id, status, by, now()),
    forRecommendation: (eventId) => actionForRecommendation(sql, eventId),
    pendingApprovals: (limit) => pendingApprovals(sql, limit),
    approvalBacklog: (ttlMs) => approvalBacklog(sql, new Date(now().getTime() - ttlMs)),
    approved: (limit) => approvedActions(sql, limit),
    declines: (targetKeys, options) => declines(sql, targetKeys, options),
    last: (targetKey, limit) => lastActions(sql, targetKey, limit),
    lastAt: (targetKey, action) => lastActionAt(sql, targetKey, action),
    countSince: (since, options) => countActionsSince(sql, since, options),
    changeSeries: (targetKey, since) => changeSeries(sql, targetKey, since),
  },
  history: {
    consecutiveFailures: (targetKey) => consecutiveFailures(sql, targetKey),
    ineffectiveChain: (targetKey, action) => ineffectiveChain(sql, targetKey, action),
    successRatesForAlert: (alertname) => successRatesForAlert(sql, alertname),
    successRatesForTarget: (targetKey) => successRatesForTarget(sql, targetKey),
    noActionBaseline: (alertname, windowMs) => noActionBaseline(sql, alertname, windowMs, now()),
    recurrences: (alertname, targetKey, since, until) => recurrences(sql, alertname, targetKey, since, until),
    otherAlertsOnTarget: (alertname, targetKey, since, until) => otherAlertsOnTarget(sql, alertname, targetKey, since, until),
    laterActionsOnTarget: (targetKey, since) => laterActionsOnTarget(sql, targetKey, since),
  },
  assessments: {
    schedule: (actionId, dueAt, expiresAt) => scheduleAssessment(sql, actionId, dueAt, expiresAt),
    save: (id, result) => saveAssessment(sql, id, result, now()),
    pending: () => pendingAssessments(sql),
    leaseDue: (leaseMs, limit) => leaseDueAssessments(sql, now(), plus(now(), leaseMs), limit),
    postpone: (id, dueAt) => postponeAssessment(sql, id, dueAt),
  },
  cache: {
    get: (key) => cachedAnswer(sql, key, now()),
    put: (key, value, ttlMs) => cacheAnswer(sql, key, value, now(), plus(now(), ttlMs)),
  },
});

const busy = (consumer: string, event: CloudEventEnvelope) =>
  new TransientError(`event ${event.id} is being processed by another ${consumer} delivery; retry later`, { code: 'in_progress' });

/** The Store over a driver (pg, neon or pglite); the clock is injected so tests control time. */
export const createStore = (driver: SqlDriver, now: () => Date = () => new Date()): Store => {
  // The first half of an exactly-once step: claim the event (or find it done, or busy) and log it as consumed once.
  const begin = async (sql: Sql, consumer: string, event: CloudEventEnvelope, leaseMs: number) => {
    const claim = await claimEvent(sql, consumer, event, now(), plus(now(), leaseMs));
    if (claim.state === 'busy') throw busy(consumer, event);
    if (claim.state === 'claimed' && !claim.takenOver) await logEvent(sql, 'consumed', consumer, event, now());
    return claim;
  };
  // The second half: mark it done with its reply, and log the reply as produced.
  const finish = async (sql: Sql, consumer: string, event: CloudEventEnvelope, reply: CloudEventEnvelope | undefined) => {
    await completeEvent(sql, consumer, event, reply, now());
    if (reply) await logEvent(sql, 'produced', consumer, reply, now());
    return reply;
  };
  return {
    driver: driver.name,
    ...repositories(driver, now),
    recordOnce: (consumer, event, fn) =>
      driver.transaction(async (sql) => {
        const claim = await begin(sql, consumer, event, INBOX_LEASE_MS);
        if (claim.state === 'done') return { duplicate: true, reply: claim.reply ?? undefined };
        return { duplicate: false, reply: await finish(sql, consumer, event, await fn(repositories(sql, now))) };
      }),
    claim: (consumer, event, leaseMs, fn) =>
      driver.transaction(async (sql) => {
        const claim = await begin(sql, consumer, event, leaseMs);
        if (claim.state === 'done') return { state: 'done' as const, reply: claim.reply ?? undefined };
        return { state: 'claimed' as const, result: await fn(repositories(sql, now)), takenOver: claim.takenOver };
      }),
    complete: (consumer, event, fn) => driver.transaction(async (sql) => finish(sql, consumer, event, await fn(repositories(sql, now)))),
    abandon: (consumer, event) => abandonClaim(driver, consumer, event),
    locks: {
      acquire: (targetKey, holder, leaseMs) => acquireTargetLock(driver, targetKey, holder, now(), plus(now(), leaseMs)),
      release: (targetKey, holder) => releaseTargetLock(driver, targetKey, holder),
      held: () => heldTargetLocks(driver, now()),
      isHeld: (targetKey) => targetLockHeld(driver, targetKey, now()),
    },
    decisions: {
      recent: (options) => recentDecisions(driver, options),
      actionCounts: (targetKey, since) => actionCounts(driver, targetKey, since),
      effectiveness: (filter) => effectivenessTable(driver, filter),
      predictionOutcomes: () => predictionOutcomes(driver),
    },
    events: {
      logged: (options) => loggedEvents(driver, options),
      get: (id) => loggedEvent(driver, id),
      refuse: (consumer, event, reason) => refuseEvent(driver, consumer, event, reason, now()),
      refused: (limit) => refusedEvents(driver, limit),
    },
    deadLetters: {
      keep: (event) => keepDeadLetter(driver, event, now()),
      markRedriven: (event, count) => markRedriven(driver, event, count, now()),
      list: (limit) => deadLetters(driver, limit),
    },
    retention: {
      prune: (retention, batch) => prune(driver, retention, now(), batch),
      pruneIfDue: async (retention, everyMs) =>
        (await claimMaintenance(driver, 'prune', now(), everyMs)) ? prune(driver, retention, now()) : null,
    },
    close: () => driver.close(),
  };
};
