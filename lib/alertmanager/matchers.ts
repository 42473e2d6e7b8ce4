import { RE2JS } from 're2js';

/** One Alertmanager-style label matcher: `name=value`, `name!=value`, `name=~regex`, `name!~regex`. */
export interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

// Compiled regexes, kept beside the matchers so a matcher stays plain data (it is printed with the configuration).
const compiled = new WeakMap<Matcher, RE2JS>();

// Prometheus anchors label regexes at both ends; RE2 syntax (`(?i)`, no look-around), as Alertmanager compiles it.
const regexOf = (matcher: Matcher): RE2JS => {
  const regex = compiled.get(matcher) ?? RE2JS.compile(`^(?:${matcher.value})$`);
  compiled.set(matcher, regex);
  return regex;
};

// The grammar of Alertmanager's classic matchers (pkg/labels/parse.go): a Prometheus label name, an operator, and
// the rest of the text as the value. Whitespace is Go's `\s` (ASCII only); `=~` is tried before `=`.
const WS = '[\\t\\n\\f\\r ]*';
const MATCHER = new RegExp(`^${WS}([a-zA-Z_:][a-zA-Z0-9_:]*)${WS}(=~|=|!=|!~)${WS}([\\s\\S]*?)${WS}$`);

// Splits on commas outside double quotes; a quote preceded by an odd run of backslashes does not open or close
// (a comma between them leaves that run unbroken, as in Alertmanager). Empty pieces between commas stay (they are
// bad matchers); a blank last piece is a trailing comma, dropped.
const splitMatchers = (text: string): string[] => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const ch of text) {
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    if (ch === '"' && !escaped) quoted = !quoted;
    if (ch !== ',') escaped = ch === '\\' && !escaped;
    current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
};

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', '"': '"', '\\': '\\' };

// OpenMetrics unescaping of a value that may be enclosed in double quotes; any other backslash is literal.
const unquote = (raw: string): string => {
  const quoted = raw.startsWith('"');
  const chars = [...(quoted ? raw.slice(1) : raw)];
  let value = '';
  let closed = !quoted;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const last = i === chars.length - 1;
    if (ch === '\\' && !last) {
      const next = chars[++i] ?? '';
      value += ESCAPES[next] ?? `\\${next}`;
    } else if (ch === '"') {
      if (closed || !last) throw new Error(`matcher value contains unescaped double quote: ${raw}`);
      closed = true;
    } else value += ch;
  }
  if (!closed) throw new Error(`matcher value contains unescaped double quote: ${raw}`);
  return value;
};

const parseMatcher = (text: string): Matcher => {
  const m = MATCHER.exec(text);
  if (!m?.[1] || !m[2]) throw new Error(`bad matcher format: ${text}`);
  const op = m[2] as Matcher['op'];
  const matcher: Matcher = { name: m[1], op, value: unquote(m[3] ?? '') };
  if (op === '=~' || op === '!~') regexOf(matcher);
  return matcher;
};

/**
 * Parses `{a="b", c=~"d|e"}` (braces optional, trailing comma allowed) exactly as Alertmanager's classic matcher
 * parser does; throws Alertmanager's message naming the bad matcher.
 */
export const parseMatchers = (text: string): Matcher[] => {
  let inner = text.trim();
  if (inner.startsWith('{')) inner = inner.slice(1);
  if (inner.endsWith('}')) inner = inner.slice(0, -1);
  return splitMatchers(inner).map(parseMatcher);
};

/** Does a label set satisfy the matcher? A missing label matches as the empty string, as in Alertmanager. */
export const matches = (matcher: Matcher, labels: Readonly<Record<string, string>>): boolean => {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return regexOf(matcher).test(value);
    case '!~':
      return !regexOf(matcher).test(value);
  }
};

const OPENMETRICS_ESCAPE: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '"': '\\"' };

/** A matcher written back in Alertmanager's syntax (OpenMetrics escaping), which parseMatchers reads back. */
export const formatMatcher = (m: Matcher): string =>
  `${m.name}${m.op}"${m.value.replace(/[\\\n"]/g, (ch) => OPENMETRICS_ESCAPE[ch] ?? ch)}"`;
