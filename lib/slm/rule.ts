import type { ActionName } from '../domain/action-name.ts';
import type { AnalysisContext } from './analysis-context.ts';
import type { ValidAnswer } from './validate-answer.ts';

/** A rule's answer, with the rule that gave it. */
export type RuleAnswer = ValidAnswer & { rule: string };

/** One row of the decision table: when it applies, the one action it picks, and how sure it is. */
export interface Rule {
  readonly id: string;
  readonly when: string;
  readonly outcome: string;
  readonly action: ActionName;
  /** Fixed per rule, never below the default policy's minimum for the action's risk (the README's calibration). */
  readonly confidence: number;
  matches(c: AnalysisContext): boolean;
  /** The action's parameters; null when the facts to work them out are missing (the rule then does not apply). */
  parameters?(c: AnalysisContext): Record<string, unknown> | null;
  reasoning(c: AnalysisContext): string;
}
