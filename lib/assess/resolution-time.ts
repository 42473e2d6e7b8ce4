import { durationWords } from '../domain/duration-words.ts';
import type { ScoreComponent } from '../events/action-assessed.ts';

/**
 * Time to resolution as a score: 1 when the alert cleared as the action finished, falling linearly to 0 at the end
 * of the validity window (how long the action had to work). Not measured when the time is unknown or it did not clear.
 */
export const resolutionTimeComponent = (
  resolvedAt: Date | null,
  finishedAt: Date,
  windowEnd: Date,
  weight: number,
): ScoreComponent | null => {
  if (!resolvedAt) return null;
  const window = Math.max(1, windowEnd.getTime() - finishedAt.getTime());
  const after = Math.max(0, resolvedAt.getTime() - finishedAt.getTime());
  const value = Math.round(Math.max(0, 1 - after / window) * 100) / 100;
  return {
    name: 'time_to_resolution',
    value,
    weight,
    detail: `cleared ${after === 0 ? 'as it finished' : `${durationWords(after)} after it`}, of a ${durationWords(window)} window`,
  };
};
