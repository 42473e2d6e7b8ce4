import * as z from 'zod';
import { InvalidError } from '../errors/errors.ts';
import { invalidFromZod } from '../errors/invalid-from-zod.ts';
import { inStorableRange, TIMESTAMP_RANGE } from './timestamps.ts';

// Alertmanager 0.25 sends RFC 3339 with any sub-second precision and any offset, even inside one body.
const Timestamp = z.iso.datetime({ offset: true });
// startsAt keys the alert's event id and its incident: a time that cannot be stored is refused here, by name.
const StartsAt = Timestamp.refine(inStorableRange, 'must lie between 1970-01-01 and 9999-12-31 (UTC)');
// endsAt before 1970 (Go's zero time among them) means "no end yet"; after 9999 it cannot be stored.
const EndsAt = Timestamp.refine((t) => Date.parse(t) < TIMESTAMP_RANGE.until, 'must lie before 10000-01-01 (UTC)');
const LabelSet = z.record(z.string(), z.string());

/** One element of `alerts[]` in Alertmanager's webhook (version 4). */
export const WebhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.object({ alertname: z.string().min(1) }).catchall(z.string()),
  annotations: LabelSet.optional(),
  startsAt: StartsAt,
  endsAt: EndsAt.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(128),
});
export type WebhookAlert = z.infer<typeof WebhookAlert>;

/** Alertmanager's webhook body, version 4 (unknown fields are ignored, as a newer Alertmanager may add some). */
export const WebhookPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  // Present since Alertmanager 0.22; older senders omit it.
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: LabelSet,
  commonLabels: LabelSet,
  commonAnnotations: LabelSet,
  externalURL: z.string(),
  alerts: z.array(WebhookAlert),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** Validates a webhook body; throws InvalidError (400) naming the first invalid field. */
export const parseWebhook = (body: unknown): WebhookPayload => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidError('invalid webhook body: expected a JSON object', { code: 'invalid_body' });
  }
  const result = WebhookPayload.safeParse(body);
  if (result.success) return result.data;
  throw invalidFromZod('invalid webhook body', result.error, { code: 'invalid_body' });
};
