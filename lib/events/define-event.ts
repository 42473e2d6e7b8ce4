import * as z from 'zod';
import { InvalidError } from '../errors/errors.ts';
import { invalidFromZod } from '../errors/invalid-from-zod.ts';
import { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/** A validated event of one type: the envelope with its data typed. */
export type PipelineEvent<T extends string, D> = {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  time?: string | undefined;
  subject?: string | undefined;
  datacontenttype?: string | undefined;
  partitionkey?: string | undefined;
  data: D;
};

/** The attributes a producer supplies when it builds an event. */
export interface EventMeta {
  id: string;
  source: string;
  time: Date;
  subject?: string;
  /** CloudEvent extension attributes (lower-case alphanumeric names). */
  extensions?: Record<string, string>;
}

/** One CloudEvent type: validates incoming events and builds outgoing ones from the same schema. */
export interface EventDefinition<T extends string, S extends z.ZodType> {
  readonly type: T;
  readonly data: S;
  readonly schema: z.ZodType<PipelineEvent<T, z.infer<S>>>;
  /** Does this envelope carry our type (before its data is validated)? */
  is(event: CloudEventEnvelope): boolean;
  /** Validates an incoming event; throws InvalidError naming the first invalid field. */
  parse(input: unknown): PipelineEvent<T, z.infer<S>>;
  /** Builds an outgoing event; invalid data is our bug, so it throws a plain Error. */
  create(data: z.input<S>, meta: EventMeta): PipelineEvent<T, z.infer<S>>;
}

// Attributes travel as HTTP headers: the ones built from alert text (subject, partitionkey) are kept short. They
// only describe or order events; nothing is looked up by them.
const MAX_ATTRIBUTE_CHARS = 256;
const bounded = <T extends string | undefined>(value: T): T =>
  (value === undefined || value.length <= MAX_ATTRIBUTE_CHARS
    ? value
    : `${Array.from(value as string)
        .slice(0, MAX_ATTRIBUTE_CHARS - 1)
        .join('')}…`) as T;

/** Defines a CloudEvent type; `partitionKey` sets the `partitionkey` extension (ordered brokers keep one key in order). */
export const defineEvent = <T extends string, S extends z.ZodType>(spec: {
  type: T;
  data: S;
  partitionKey?: (data: z.infer<S>) => string | undefined;
}): EventDefinition<T, S> => {
  const schema = CloudEventEnvelope.extend({ type: z.literal(spec.type), data: spec.data }) as unknown as z.ZodType<
    PipelineEvent<T, z.infer<S>>
  >;
  return {
    type: spec.type,
    data: spec.data,
    schema,
    is: (event) => event.type === spec.type,
    parse(input) {
      const result = schema.safeParse(input);
      if (result.success) return result.data;
      throw invalidFromZod(`invalid ${spec.type} event`, result.error);
    },
    create(data, meta) {
      // The data is validated once, by its schema; the envelope around it is assembled field by field.
      const parsed = spec.data.safeParse(data);
      if (!parsed.success) throw new Error(`built an invalid ${spec.type} event: ${parsed.error.message}`);
      // Keys in the order events always had (the event log and snapshots show them so), data last.
      const event = {
        specversion: '1.0',
        id: meta.id,
        source: meta.source,
        type: spec.type,
        time: meta.time.toISOString(),
        datacontenttype: 'application/json',
      } as PipelineEvent<T, z.infer<S>>;
      if (meta.subject !== undefined) event.subject = bounded(meta.subject);
      const partitionkey = bounded(spec.partitionKey?.(parsed.data));
      if (partitionkey !== undefined) event.partitionkey = partitionkey;
      if (meta.extensions) Object.assign(event, meta.extensions);
      event.data = parsed.data;
      return event;
    },
  };
};

/** Rejects anything that is not a CloudEvents 1.0 envelope (the runtime hands non-events over as undefined). */
export const parseEnvelope = (input: unknown): CloudEventEnvelope => {
  if (input === undefined || input === null)
    throw new InvalidError('not a CloudEvent: missing ce-* attributes', { code: 'not_a_cloudevent' });
  const result = CloudEventEnvelope.safeParse(input);
  if (result.success) return result.data;
  throw invalidFromZod('invalid CloudEvent', result.error, { code: 'not_a_cloudevent' });
};
