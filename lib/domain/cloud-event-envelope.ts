import * as z from 'zod';

/** The CloudEvents 1.0 attributes every event of the pipeline carries (extensions pass through). */
export const CloudEventEnvelope = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(256),
  source: z.string().min(1).max(1024),
  type: z.string().min(1).max(256),
  time: z.iso.datetime({ offset: true }).optional(),
  subject: z.string().optional(),
  datacontenttype: z.string().optional(),
  partitionkey: z.string().optional(),
  // An event may carry no data at all (a PingSource without spec.data).
  data: z.unknown().optional(),
});
export type CloudEventEnvelope = z.infer<typeof CloudEventEnvelope>;
