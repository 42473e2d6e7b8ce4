import test from 'ava';
import { allActions } from '../../../lib/catalog/catalog.ts';
import { outputFormat } from '../../../lib/slm/recommendation-output.ts';
import { strictJsonSchema } from '../../../lib/slm/strict-json-schema.ts';
import { strictSchemaProblem } from '../../support/fake-openai-strict.ts';

const format = outputFormat(allActions().map((a) => a.name));

test("the recommendation schema as zod writes it breaks OpenAI's strict rules: its parameters are optional", (t) => {
  const { $schema: _, ...rest } = format;
  t.regex(strictSchemaProblem('recommendation', rest) ?? '', /context=\('properties', 'parameters'\), 'required' is required/);
});

test("made strict, the recommendation schema keeps every one of OpenAI's strict rules", (t) => {
  t.is(strictSchemaProblem('recommendation', strictJsonSchema(format)), undefined);
});

test('every property becomes required; an optional one may be null instead, keeping its own type and bounds', (t) => {
  const strict = strictJsonSchema(format) as { properties: { parameters: { required: string[]; properties: Record<string, unknown> } } };
  const parameters = strict.properties.parameters;
  t.deepEqual(parameters.required, Object.keys(parameters.properties));
  t.like(parameters.properties.replicas, { anyOf: [{ type: 'integer', minimum: 0, maximum: 10_000 }, { type: 'null' }] });
  const resource = { type: 'string', enum: ['memory', 'cpu'], description: 'which resource to raise' };
  t.deepEqual(parameters.properties.resource, { anyOf: [resource, { type: 'null' }] });
});

test('a required property stays as it was, and one already nullable is not wrapped again', (t) => {
  const b = { anyOf: [{ type: 'integer' }, { type: 'null' }] };
  const schema = { type: 'object', properties: { a: { type: 'string' }, b }, required: ['a'] };
  t.deepEqual(strictJsonSchema(schema), { ...schema, required: ['a', 'b'], additionalProperties: false });
});

test('keywords outside the supported subset are left out; the documented ones are kept', (t) => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      s: { type: 'string', minLength: 1, maxLength: 9, pattern: '^a', default: 'a' },
      n: { type: 'array', items: { type: 'number', minimum: 0, title: 'n' }, maxItems: 3 },
    },
    required: ['s', 'n'],
  };
  t.deepEqual(strictJsonSchema(schema), {
    type: 'object',
    properties: { s: { type: 'string', pattern: '^a' }, n: { type: 'array', items: { type: 'number', minimum: 0 }, maxItems: 3 } },
    required: ['s', 'n'],
    additionalProperties: false,
  });
});
