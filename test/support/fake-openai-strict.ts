// OpenAI's rules for a `json_schema` response format with `strict: true` ("Structured Outputs: supported schemas"):
// the root is an object; every object sets `additionalProperties: false` and lists every property in `required`
// (optional means nullable); only the documented keywords; every schema has a type (or is an anyOf or a $ref).
// The messages are OpenAI's own, e.g. "Invalid schema for response_format 'x': In context=('properties', 'p'),
// 'required' is required to be supplied and to be an array including every key in properties. Missing 'q'."

type Schema = Record<string, unknown>;
type Path = readonly (string | number)[];

const SUPPORTED = new Set([
  ...['type', 'description', 'enum', 'const', 'anyOf', '$ref', '$defs', 'definitions'],
  ...['properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems'],
  ...['pattern', 'format', 'multipleOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
]);

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

// OpenAI names the place as a Python tuple: (), ('items',), ('properties', 'a').
const context = (path: Path): string => {
  const parts = path.map((p) => (typeof p === 'number' ? String(p) : `'${p}'`));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
};

const problemAt = (schema: Schema, path: Path): string | undefined => {
  const at = `In context=${context(path)}, `;
  const unsupported = Object.keys(schema).find((k) => !SUPPORTED.has(k));
  if (unsupported) return `${at}'${unsupported}' is not permitted.`;
  const typed = schema.type !== undefined || schema.anyOf !== undefined || schema.$ref !== undefined;
  if (!typed) return `${at}schema must have a 'type' key.`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) {
    if (schema.additionalProperties !== false) return `${at}'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys(isSchema(schema.properties) ? schema.properties : {});
    const required: unknown[] = Array.isArray(schema.required) ? schema.required : [];
    const missing = keys.find((k) => !required.includes(k));
    if (!Array.isArray(schema.required) || missing !== undefined) {
      const list = missing === undefined ? '' : ` Missing '${missing}'.`;
      return `${at}'required' is required to be supplied and to be an array including every key in properties.${list}`;
    }
    const extra = required.find((k) => typeof k !== 'string' || !keys.includes(k));
    if (extra !== undefined) return `${at}Extra required key '${String(extra)}' supplied.`;
  }
  const under = (key: string): [Path, unknown][] =>
    Object.entries(isSchema(schema[key]) ? schema[key] : {}).map(([k, v]) => [[...path, key, k], v]);
  const children: [Path, unknown][] = [
    ...under('properties'),
    [[...path, 'items'], schema.items],
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []).map((v, i): [Path, unknown] => [[...path, 'anyOf', i], v]),
    ...under('$defs'),
    ...under('definitions'),
  ];
  for (const [p, child] of children) {
    const problem = isSchema(child) ? problemAt(child, p) : undefined;
    if (problem) return problem;
  }
  return undefined;
};

/** The first rule of strict structured outputs `schema` breaks, in OpenAI's words; undefined when it keeps them all. */
export const strictSchemaProblem = (name: string, schema: unknown): string | undefined => {
  const prefix = `Invalid schema for response_format '${name}': `;
  const type = isSchema(schema) ? schema.type : undefined;
  if (!isSchema(schema) || type !== 'object' || schema.anyOf !== undefined) {
    return `${prefix}schema must be a JSON Schema of 'type: "object"', got 'type: "${typeof type === 'string' ? type : 'None'}"'.`;
  }
  const problem = problemAt(schema, []);
  return problem ? prefix + problem : undefined;
};
