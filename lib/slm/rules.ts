import type { ActionName } from '../domain/action-name.ts';
import type { AnalysisContext } from './analysis-context.ts';
import { informational, resolved } from './alert-signals.ts';
import { RULES } from './decision-table.ts';
import type { RuleAnswer } from './rule.ts';

const REMEDIAL_WITHOUT_PARAMETERS: readonly ActionName[] = ['restart_pod', 'restart_deployment', 'rollback_deployment', 'cordon_node'];
// Measured, not guessed: at least 80% of at least 3 assessed cases. As sure as the surest rule, and enough for the
// default policy's high-risk minimum, so a proven pick is never silently discarded (risk still decides approval).
const LEARNED_CONFIDENCE = 0.85;
const statsOf = (c: AnalysisContext, action: string) =>
  c.history.actionStats.find((s) => s.action === action) ?? c.history.targetStats.find((s) => s.action === action);

// The learning loop: a rule's pick that was measured ineffective here is replaced by diagnostics; when the table
// has nothing better than diagnostics, an action measured effective for this alert is preferred.
const learn = (c: AnalysisContext, answer: RuleAnswer): RuleAnswer => {
  const stats = statsOf(c, answer.action);
  const diagnostics = c.allowedActions.includes('collect_diagnostics');
  if (stats && stats.samples >= 3 && stats.rate < 0.34 && answer.action !== 'collect_diagnostics' && diagnostics) {
    const reasoning = `${answer.action} was assessed effective only ${stats.effective} of ${stats.samples} times here; diagnostics instead.`;
    return { ...answer, action: 'collect_diagnostics', parameters: {}, confidence: 0.6, rule: `${answer.rule}+history`, reasoning };
  }
  // A resolved or informational alert gets no change, whatever worked before.
  if ((answer.action === 'collect_diagnostics' || answer.action === 'notify_only') && !resolved(c) && !informational(c)) {
    const applies = (action: string) =>
      REMEDIAL_WITHOUT_PARAMETERS.includes(action as ActionName) && c.allowedActions.includes(action as ActionName);
    const proven = c.history.actionStats.find((s) => applies(s.action) && s.samples >= 3 && s.rate >= 0.8);
    if (proven) {
      const reasoning = `${proven.action} was assessed effective ${proven.effective} of ${proven.samples} times for ${c.alert.name}.`;
      const action = proven.action as ActionName;
      return { ...answer, action, parameters: {}, confidence: LEARNED_CONFIDENCE, rule: `${answer.rule}+history`, reasoning };
    }
  }
  return answer;
};

/** The deterministic analyzer: the fallback when the model cannot answer, and the baseline it must beat. */
export const decideByRules = (c: AnalysisContext): RuleAnswer => {
  for (const rule of RULES) {
    if (!c.allowedActions.includes(rule.action) || !rule.matches(c)) continue;
    const parameters = rule.parameters ? rule.parameters(c) : {};
    if (!parameters) continue;
    const evidence = [`rule ${rule.id}: ${rule.when}`];
    return learn(c, {
      action: rule.action,
      parameters,
      confidence: rule.confidence,
      reasoning: rule.reasoning(c),
      evidence,
      rule: rule.id,
    });
  }
  // The table's last row (notify_only) applies to every alert; this keeps the type honest.
  return { action: 'notify_only', parameters: {}, confidence: 0.5, reasoning: 'Nothing else applies.', evidence: [], rule: 'none' };
};
