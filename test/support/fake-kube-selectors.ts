import { arrayAt, at, isObject, stringAt, stringMapAt } from './fake-kube-json.ts';
import { badRequest } from './fake-kube-status.ts';

/** One parsed label requirement, as k8s.io/apimachinery/pkg/labels models it. */
export interface LabelRequirement {
  key: string;
  operator: '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

/** A predicate over an object's labels. */
export type LabelPredicate = (labels: Record<string, string>) => boolean;

const matchesRequirement = (r: LabelRequirement, labels: Record<string, string>): boolean => {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value ?? '');
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const n = Number.parseInt(value ?? '', 10);
      const bound = Number(r.values[0]);
      return has && Number.isInteger(n) && (r.operator === 'gt' ? n > bound : n < bound);
    }
  }
};

/** Requirements all of which must hold. */
export const matchesRequirements = (requirements: readonly LabelRequirement[], labels: Record<string, string>): boolean =>
  requirements.every((r) => matchesRequirement(r, labels));

type Token = { kind: 'word' | 'op' | 'open' | 'close' | 'comma' | 'end'; text: string };

const tokenize = (input: string): Token[] => {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([(),])|(==|!=|[=!<>])|([^\s(),=!<>]+))/y;
  for (let match = pattern.exec(input); match; match = pattern.exec(input)) {
    const [, punctuation, op, word] = match;
    if (punctuation) tokens.push({ kind: punctuation === '(' ? 'open' : punctuation === ')' ? 'close' : 'comma', text: punctuation });
    else if (op) tokens.push({ kind: 'op', text: op });
    else if (word) tokens.push({ kind: 'word', text: word });
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
};

const parseError = (found: Token, expected: string): never => {
  throw badRequest(`unable to parse requirement: found '${found.text || 'end of string'}', expected: ${expected}`);
};

/** Parses a `labelSelector` query value: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`. 400 when malformed. */
export const parseLabelSelector = (input: string): LabelRequirement[] => {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { kind: 'end', text: '' };
  const next = (): Token => tokens[pos++] ?? { kind: 'end', text: '' };
  const requirements: LabelRequirement[] = [];
  const values = (): string[] => {
    if (next().kind !== 'open') parseError(tokens[pos - 1] ?? peek(), "'('");
    const found: string[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'word') found.push(t.text);
      else if (t.kind === 'comma' && peek().kind !== 'word') found.push('');
      else if (t.kind === 'close') return found;
      else if (t.kind !== 'comma') parseError(t, "',', ')' or identifier");
    }
  };
  const requirement = (): LabelRequirement => {
    const first = next();
    if (first.kind === 'op' && first.text === '!') {
      const key = next();
      if (key.kind !== 'word') parseError(key, 'identifier');
      return { key: key.text, operator: '!', values: [] };
    }
    if (first.kind !== 'word') parseError(first, 'identifier');
    const after = peek();
    if (after.kind === 'comma' || after.kind === 'end') return { key: first.text, operator: 'exists', values: [] };
    next();
    if (after.kind === 'word' && (after.text === 'in' || after.text === 'notin'))
      return { key: first.text, operator: after.text, values: values() };
    if (after.kind === 'op' && (after.text === '=' || after.text === '==' || after.text === '!=')) {
      const value = peek().kind === 'word' ? next().text : '';
      return { key: first.text, operator: after.text, values: [value] };
    }
    if (after.kind === 'op' && (after.text === '>' || after.text === '<')) {
      const bound = next();
      if (bound.kind !== 'word' || !/^-?\d+$/.test(bound.text)) parseError(bound, 'an integer');
      return { key: first.text, operator: after.text === '>' ? 'gt' : 'lt', values: [bound.text] };
    }
    return parseError(after, 'in, notin, =, ==, !=, gt, lt');
  };
  if (peek().kind === 'end') return requirements;
  for (;;) {
    requirements.push(requirement());
    const separator = next();
    if (separator.kind === 'end') return requirements;
    if (separator.kind !== 'comma') parseError(separator, "',' or 'end of string'");
  }
};

/** The requirements of a structured LabelSelector (matchLabels + matchExpressions); undefined for a null selector (which matches nothing). */
export const labelSelectorRequirements = (selector: unknown): LabelRequirement[] | undefined => {
  if (!isObject(selector)) return undefined;
  const fromLabels = Object.entries(stringMapAt(selector, 'matchLabels')).map(
    ([key, value]): LabelRequirement => ({ key, operator: '=', values: [value] }),
  );
  const fromExpressions = arrayAt(selector, 'matchExpressions').flatMap((e): LabelRequirement[] => {
    const key = stringAt(e, 'key') ?? '';
    const values = arrayAt(e, 'values').filter((v): v is string => typeof v === 'string');
    const operator = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }[stringAt(e, 'operator') ?? ''] as
      | LabelRequirement['operator']
      | undefined;
    return operator ? [{ key, operator, values }] : [];
  });
  return [...fromLabels, ...fromExpressions].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

/** Whether labels match a structured LabelSelector (a null selector matches nothing, an empty one everything). */
export const matchesLabelSelector = (selector: unknown, labels: Record<string, string>): boolean => {
  const requirements = labelSelectorRequirements(selector);
  return requirements !== undefined && matchesRequirements(requirements, labels);
};

/** A structured LabelSelector in its string form (`app=web,tier in (a,b)`), as Scale.status.selector carries it. */
export const labelSelectorString = (selector: unknown): string =>
  (labelSelectorRequirements(selector) ?? [])
    .map((r) => {
      const sorted = [...r.values].sort();
      if (r.operator === 'exists') return r.key;
      if (r.operator === '!') return `!${r.key}`;
      if (r.operator === 'in' || r.operator === 'notin') return `${r.key} ${r.operator} (${sorted.join(',')})`;
      return `${r.key}${r.operator}${r.values[0] ?? ''}`;
    })
    .join(',');

/** One `fieldSelector` term. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

const splitUnescaped = (input: string, separator: string): string[] => {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i] ?? '';
    if (c === '\\' && i + 1 < input.length) {
      current += c + (input[i + 1] ?? '');
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
};

const unescapeValue = (value: string): string => value.replace(/\\(.)/g, '$1');

/** Parses a `fieldSelector` query value, rejecting fields the resource does not index (400 `field label not supported: …`). */
export const parseFieldSelector = (input: string, supported: readonly string[]): FieldRequirement[] => {
  if (input.trim() === '') return [];
  return splitUnescaped(input, ',').map((term) => {
    const match = /^(.*?)(!=|==|=)(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    const field = match[1] ?? '';
    if (!['metadata.name', 'metadata.namespace', ...supported].includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, operator: (match[2] ?? '=') as FieldRequirement['operator'], value: unescapeValue(match[3] ?? '') };
  });
};

/** The value a field label has on an object, rendered as the API server's field set renders it. */
const fieldValue = (object: unknown, field: string): string => {
  if (field === 'source') return stringAt(object, 'source', 'component') ?? '';
  if (field === 'spec.hostNetwork' || field === 'spec.unschedulable') return String(at(object, ...field.split('.')) === true);
  if (field === 'status.successful') return String(at(object, 'status', 'succeeded') ?? 0);
  if (field === 'status.replicas') return String(at(object, 'status', 'replicas') ?? 0);
  const value = at(object, ...field.split('.'));
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
};

/** Whether an object satisfies every field requirement. */
export const matchesFields = (requirements: readonly FieldRequirement[], object: unknown): boolean =>
  requirements.every((r) => (r.operator === '!=' ? fieldValue(object, r.field) !== r.value : fieldValue(object, r.field) === r.value));
