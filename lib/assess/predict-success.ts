import type { SuccessRate } from '../domain/records.ts';

/** The learning loop's prediction for a recommendation: how likely the action is to be assessed effective. */
export interface Prediction {
  /** P(effective), from the judged outcomes of this action for this alert (Laplace's rule of succession). */
  successProbability: number;
  /** How many judged outcomes it rests on (0: the uninformed 0.5). */
  samples: number;
}

/**
 * (effective + 1) / (judged + 2): with no history 0.5, and it moves toward the observed rate as cases accumulate,
 * never to a certain 0 or 1 from a few. Only changing actions are assessed, so only they get a prediction.
 */
export const predictSuccess = (rate: SuccessRate | undefined): Prediction => {
  const samples = rate?.samples ?? 0;
  const effective = rate?.effective ?? 0;
  return { successProbability: Math.round(((effective + 1) / (samples + 2)) * 1000) / 1000, samples };
};
