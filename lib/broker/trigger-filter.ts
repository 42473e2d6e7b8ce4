import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/** Knative's new-style filter dialect (`spec.filters`); `cesql` is not supported locally. */
export type SubscriptionsApiFilter =
  | { exact: Record<string, string> }
  | { prefix: Record<string, string> }
  | { suffix: Record<string, string> }
  | { all: SubscriptionsApiFilter[] }
  | { any: SubscriptionsApiFilter[] }
  | { not: SubscriptionsApiFilter };

const attribute = (event: CloudEventEnvelope, name: string): string | undefined => {
  const value = (event as Record<string, unknown>)[name];
  return value === undefined || value === null ? undefined : String(value);
};

const every = (
  pairs: Record<string, string>,
  test: (value: string | undefined, wanted: string) => boolean,
  event: CloudEventEnvelope,
): boolean => Object.entries(pairs).every(([name, wanted]) => test(attribute(event, name), wanted));

/** Does `spec.filter.attributes` match? Every attribute must be equal; an empty value matches anything present. */
export const matchesAttributes = (attributes: Record<string, string>, event: CloudEventEnvelope): boolean =>
  every(attributes, (value, wanted) => value !== undefined && (wanted === '' || value === wanted), event);

/** Does a `spec.filters` expression match? */
export const matchesFilter = (filter: SubscriptionsApiFilter, event: CloudEventEnvelope): boolean => {
  if ('exact' in filter) return every(filter.exact, (v, w) => v === w, event);
  if ('prefix' in filter) return every(filter.prefix, (v, w) => v?.startsWith(w) ?? false, event);
  if ('suffix' in filter) return every(filter.suffix, (v, w) => v?.endsWith(w) ?? false, event);
  if ('all' in filter) return filter.all.every((f) => matchesFilter(f, event));
  if ('any' in filter) return filter.any.some((f) => matchesFilter(f, event));
  if ('not' in filter) return !matchesFilter(filter.not, event);
  throw new Error(`unsupported trigger filter ${JSON.stringify(filter)}`);
};
