/** One prediction next to what the assessment found (effective or not). */
export interface PredictedOutcome {
  predicted: number;
  effective: boolean;
}

/** Predictions in one probability range, and how often they came true. */
export interface CalibrationBucket {
  from: number;
  to: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

/** How well the predictions matched the outcomes. */
export interface Calibration {
  count: number;
  /** Mean squared error of the probabilities (0 is perfect; always guessing 0.5 scores 0.25). */
  brierScore: number | null;
  buckets: CalibrationBucket[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Calibration by bucket (five of 0.2) and the Brier score of the predictions with a judged outcome. */
export const calibration = (pairs: readonly PredictedOutcome[], bucketCount = 5): Calibration => {
  const buckets = Array.from({ length: bucketCount }, (_, i) => {
    const from = i / bucketCount;
    const to = (i + 1) / bucketCount;
    const inside = pairs.filter((p) => p.predicted >= from && (p.predicted < to || (i === bucketCount - 1 && p.predicted <= to)));
    const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
    return {
      from: round(from),
      to: round(to),
      count: inside.length,
      meanPredicted: mean(inside.map((p) => p.predicted)),
      observedRate: mean(inside.map((p) => (p.effective ? 1 : 0))),
    };
  });
  const brierScore = pairs.length ? round(pairs.reduce((s, p) => s + (p.predicted - (p.effective ? 1 : 0)) ** 2, 0) / pairs.length) : null;
  return { count: pairs.length, brierScore, buckets };
};
