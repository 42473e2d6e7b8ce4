/** One Alertmanager-style label matcher: `name=value`, `name!=value`, `name=~regex`, `name!~regex`. */
export interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
  readonly regex?: RegExp;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^",]*?))\s*$/;

// Split on commas outside double quotes.
const splitMatchers = (text: string): string[] => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && quoted) {
      current += ch + (text[++i] ?? '');
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted) throw new Error('unterminated quote');
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
};

/** Parses `{a="b", c=~"d|e"}` (braces optional) as Alertmanager does; throws naming the bad matcher. */
export const parseMatchers = (text: string): Matcher[] => {
  const inner = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  return splitMatchers(inner).map((part) => {
    const m = MATCHER.exec(part);
    if (!m?.[1] || !m[2]) throw new Error(`bad matcher ${JSON.stringify(part.trim())}: expected name=value, name!=value, name=~regex or name!~regex`);
    const op = m[2] as Matcher['op'];
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '');
    if (op === '=~' || op === '!~') {
      try {
        // Prometheus anchors label regexes at both ends.
        return { name: m[1], op, value, regex: new RegExp(`^(?:${value})$`) };
      } catch (error) {
        throw new Error(`bad matcher ${JSON.stringify(part.trim())}: ${(error as Error).message}`);
      }
    }
    return { name: m[1], op, value };
  });
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
      return matcher.regex?.test(value) ?? false;
    case '!~':
      return !(matcher.regex?.test(value) ?? false);
  }
};

/** A matcher written back in Alertmanager's syntax. */
export const formatMatcher = (m: Matcher): string => `${m.name}${m.op}${JSON.stringify(m.value)}`;
