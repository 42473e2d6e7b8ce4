/** Our CloudEvent types are `<prefix>.<name>.<version>`; the prefix and the version live here only. */
export const EVENT_PREFIX = 'dev.alerts-slm';
export const EVENT_VERSION = 'v1';

/** The full CloudEvent type of one of our event names, e.g. `dev.alerts-slm.alert.firing.v1`. */
export const eventType = <N extends string>(name: N): `${typeof EVENT_PREFIX}.${N}.${typeof EVENT_VERSION}` =>
  `${EVENT_PREFIX}.${name}.${EVENT_VERSION}`;

/** The source of every event one of our functions emits (stable across replicas, so (source, id) dedups). */
export const functionSource = (fn: string): string => `/alerts-slm/${fn}`;
