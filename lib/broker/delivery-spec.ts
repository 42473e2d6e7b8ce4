import { parseIsoDuration } from '../domain/duration.ts';

/** Knative's delivery spec, as a Broker or a Trigger declares it. */
export interface DeliverySpec {
  retry: number;
  backoffPolicy: 'exponential' | 'linear';
  backoffDelayMs: number;
  timeoutMs: number | null;
  deadLetterSink: string | null;
}

/** Knative's defaults when a delivery spec leaves a field out (no retries, exponential, PT0.2S). */
export const DEFAULT_DELIVERY: DeliverySpec = {
  retry: 0,
  backoffPolicy: 'exponential',
  backoffDelayMs: 200,
  timeoutMs: null,
  deadLetterSink: null,
};

type RawDelivery = {
  retry?: number;
  backoffPolicy?: string;
  backoffDelay?: string;
  timeout?: string;
  deadLetterSink?: { ref?: { name?: string }; uri?: string };
};

/** Reads `spec.delivery`; fields it leaves out come from `base` (the Broker's spec for a Trigger). */
export const parseDelivery = (raw: RawDelivery | undefined, base: DeliverySpec = DEFAULT_DELIVERY): DeliverySpec => ({
  retry: raw?.retry ?? base.retry,
  backoffPolicy: raw?.backoffPolicy === 'linear' ? 'linear' : raw?.backoffPolicy === 'exponential' ? 'exponential' : base.backoffPolicy,
  backoffDelayMs: raw?.backoffDelay ? parseIsoDuration(raw.backoffDelay) : base.backoffDelayMs,
  timeoutMs: raw?.timeout ? parseIsoDuration(raw.timeout) : base.timeoutMs,
  deadLetterSink: raw?.deadLetterSink?.ref?.name ?? raw?.deadLetterSink?.uri ?? base.deadLetterSink,
});

/** Delay before retry number `attempt` (1-based), as Knative computes it: delay·2^attempt or delay·attempt. */
export const backoffMs = (spec: DeliverySpec, attempt: number): number =>
  spec.backoffPolicy === 'exponential' ? spec.backoffDelayMs * 2 ** attempt : spec.backoffDelayMs * attempt;

/** Statuses Knative retries (its data-plane spec): 404, 408, 409, 429 and every 5xx; other 4xx are final. */
export const isRetryable = (status: number): boolean =>
  status === 404 || status === 408 || status === 409 || status === 429 || status >= 500;
