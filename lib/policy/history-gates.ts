import { durationWords } from '../domain/duration-words.ts';
import { approval, block, defineGate, pass } from './gate.ts';

const minutes = (ms: number) => Math.round(ms / 60_000);

/** One (target, action) at most once per cooldown. */
export const cooldown = defineGate({
  name: 'cooldown',
  remedy: 'wait until the cooldown (cooldownMs) has passed since the last time this action ran on the target',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy, proposal: p }) => {
    if (!facts.lastActionAt) return pass(`no earlier ${p.action.name} on this target`);
    const since = facts.now.getTime() - facts.lastActionAt.getTime();
    return since < policy.cooldownMs
      ? block(`${p.action.name} ran on this target ${minutes(since)} min ago; the cooldown is ${minutes(policy.cooldownMs)} min`)
      : pass(`last ${p.action.name} on this target ${minutes(since)} min ago`);
  },
});

/**
 * A person's no holds: while their decline of this action on this target is younger than the hold, the same action
 * there waits for a person again, whoever recommends it (the cooldown counts only what was performed).
 */
export const declinedHold = defineGate({
  name: 'declined_hold',
  remedy: 'a person approves it, or the hold (declinedHoldMs) after their decline passes',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy, proposal: p }) => {
    const d = facts.declined;
    const hold = durationWords(policy.declinedHoldMs);
    if (!d) return pass(`no person declined ${p.action.name} on this target`);
    const age = facts.now.getTime() - d.at.getTime();
    const who = `${d.by ?? 'a person'} declined ${p.action.name} on this target ${durationWords(age)} ago (${d.at.toISOString()})`;
    return age < policy.declinedHoldMs
      ? approval(`${who}; for ${hold} after a decline it is not done without a person`)
      : pass(`${who}; the hold of ${hold} has passed`);
  },
});

/** After K failed or ineffective actions in a row, a target gets no more until a person looks. */
export const consecutiveFailures = defineGate({
  name: 'consecutive_failures',
  remedy: 'a person looks at the target: the next performed action that helps resets the count',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy }) =>
    facts.consecutiveFailures >= policy.maxConsecutiveFailures
      ? block(
          `the last ${facts.consecutiveFailures} actions on this target failed or were assessed ineffective (limit ${policy.maxConsecutiveFailures})`,
        )
      : pass(`${facts.consecutiveFailures} failed or ineffective actions in a row`),
});

/** Repeating what did not help, or undoing our own change, escalates to a person instead of looping. */
export const ineffectiveChain = defineGate({
  name: 'ineffective_chain',
  remedy: 'a person approves it, or the alert clears between repeats; try a different action',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy, proposal: p }) => {
    const c = facts.chain;
    if (c.oscillating) return approval(`the last change on this target undid the one before it (flip-flopping); a person decides`);
    if (c.length >= policy.maxIneffectiveRepeats) {
      const own = c.repeatsOnOwnChange ? `, ${c.repeatsOnOwnChange} of them on top of our own previous change` : '';
      return approval(
        `${p.action.name} already ran ${c.length} times here while the alert kept firing${own}; not repeating it without a person`,
      );
    }
    return pass(c.length ? `${p.action.name} ran ${c.length} time(s) before without clearing the alert` : `no repeated ${p.action.name}`);
  },
});

/** The learning loop: an action measured below the no-action baseline or the threshold is demoted to approval. */
export const measuredEffectiveness = defineGate({
  name: 'effectiveness',
  remedy: 'a person approves it; it is offered on its own again once assessments show it helps (learning.minEffectiveness)',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy, proposal: p }) => {
    const s = facts.effectiveness;
    const { minSamples, minEffectiveness } = policy.learning;
    if (!s || s.samples < minSamples)
      return pass(`${s?.samples ?? 0} assessed ${p.action.name}(s) for this alert; judging from ${minSamples}`);
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const baseline = facts.baseline?.rate ?? null;
    if (s.rate < minEffectiveness)
      return approval(
        `${p.action.name} helped in ${pct(s.rate)} of ${s.samples} assessed cases for this alert, below ${pct(minEffectiveness)}: demoted to approval`,
      );
    if (baseline !== null && (facts.baseline?.samples ?? 0) >= minSamples && s.rate <= baseline) {
      return approval(
        `${p.action.name} helped in ${pct(s.rate)} of ${s.samples} cases, no better than doing nothing (${pct(baseline)} cleared on their own): demoted to approval`,
      );
    }
    return pass(
      `${p.action.name} helped in ${pct(s.rate)} of ${s.samples} cases${baseline === null ? '' : ` (no action: ${pct(baseline)})`}`,
    );
  },
});
