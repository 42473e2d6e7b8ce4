/** A parsed JSON object: how the fake Kubernetes API stores, patches and validates objects. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A deep copy of a JSON value. */
export const clone = <T>(value: T): T => structuredClone(value);

/** A value as plain JSON: Dates become strings, undefined members disappear (what a client puts on the wire). */
export const toJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
};

/** JSON with object keys sorted, so equal values serialise equally. */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value)) ?? 'undefined';

/** Structural equality of two JSON values, ignoring key order. */
export const deepEqual = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** The value at a path of keys and indexes, or undefined. */
export const at = (value: unknown, ...path: (string | number)[]): unknown => {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = isObject(current) ? current[step] : undefined;
  }
  return current;
};

/** The object at a path, or undefined when it is missing or not an object. */
export const objectAt = (value: unknown, ...path: (string | number)[]): JsonObject | undefined => {
  const found = at(value, ...path);
  return isObject(found) ? found : undefined;
};

/** The array at a path, or an empty array. */
export const arrayAt = (value: unknown, ...path: (string | number)[]): unknown[] => {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
};

/** The string at a path, or undefined. */
export const stringAt = (value: unknown, ...path: (string | number)[]): string | undefined => {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
};

/** The number at a path, or undefined. */
export const numberAt = (value: unknown, ...path: (string | number)[]): number | undefined => {
  const found = at(value, ...path);
  return typeof found === 'number' ? found : undefined;
};

/** The object under `key`, created when missing. */
export const child = (parent: JsonObject, key: string): JsonObject => {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
};

/** A string map (labels, annotations, matchLabels) at a path; non-string members are skipped. */
export const stringMapAt = (value: unknown, ...path: (string | number)[]): Record<string, string> => {
  const found = objectAt(value, ...path) ?? {};
  return Object.fromEntries(Object.entries(found).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
};

/** Go's `%#v` rendering of a map[string]string (keys sorted), as API server messages print label maps. */
export const goStringMap = (map: Record<string, string>): string =>
  `map[string]string{${Object.keys(map)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(map[key])}`)
    .join(', ')}}`;

/** Go's `%v`/`%+v` of decoded JSON (maps as `map[k:v]` with sorted keys, lists as `[a b]`), as some API server messages print a patch. */
export const goFormat = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isObject(value))
    return `map[${Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`)
      .join(' ')}]`;
  return value === null ? '<nil>' : String(value);
};
