type Schema = Record<string, unknown>;

// The keywords OpenAI documents for strict structured outputs ("Supported schemas"); any other keyword is refused
// with 400, so it is left out here. The answer is still checked against the full zod schema afterwards.
const SUPPORTED = new Set([
  ...['type', 'description', 'enum', 'const', 'anyOf', '$ref', '$defs', 'definitions'],
  ...['properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems'],
  ...['pattern', 'format', 'multipleOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
]);

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

const isNullable = (s: Schema): boolean =>
  s.type === 'null' ||
  (Array.isArray(s.type) && s.type.includes('null')) ||
  (Array.isArray(s.anyOf) && s.anyOf.some((a) => isSchema(a) && isNullable(a)));

// An optional property becomes a required one that may be null: an anyOf with null, the form OpenAI's own SDK sends
// for a nullable field (a type list such as ["string", "null"] is reported refused by some deployments).
const nullable = (s: Schema): Schema => {
  if (isNullable(s)) return s;
  if (Array.isArray(s.anyOf)) return { ...s, anyOf: [...s.anyOf, { type: 'null' }] };
  return { anyOf: [s, { type: 'null' }] };
};

const mapValues = (value: unknown, f: (s: Schema) => Schema): Schema =>
  Object.fromEntries(Object.entries(isSchema(value) ? value : {}).map(([k, v]) => [k, isSchema(v) ? f(v) : v]));

const strict = (schema: Schema): Schema => {
  const out: Schema = Object.fromEntries(Object.entries(schema).filter(([k]) => SUPPORTED.has(k)));
  if (isSchema(schema.items)) out.items = strict(schema.items);
  if (Array.isArray(schema.anyOf)) out.anyOf = schema.anyOf.map((s: unknown) => (isSchema(s) ? strict(s) : s));
  for (const defs of ['$defs', 'definitions']) if (isSchema(schema[defs])) out[defs] = mapValues(schema[defs], strict);
  const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'));
  if (isObject || isSchema(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const properties = isSchema(schema.properties) ? schema.properties : {};
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [k, isSchema(v) ? (required.has(k) ? strict(v) : nullable(strict(v))) : v]),
    );
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
};

/**
 * The schema in the subset OpenAI's strict structured outputs accept: every object closed and listing all its
 * properties as required, an optional property nullable instead (null then means "left out"), unsupported
 * keywords (`$schema`, `minLength`, `default`…) dropped.
 */
export const strictJsonSchema = (schema: Schema): Schema => strict(schema);
