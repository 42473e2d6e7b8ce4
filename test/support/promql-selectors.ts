// Reads a PromQL expression far enough to know what it asks of the metrics: every series selector (metric name and
// the labels it matches on) and every label it groups or matches by. Syntax itself is promtool's to check.

/** One vector selector: `name{label="v", …}`. */
export interface Selector {
  name: string;
  labels: string[];
}

/** What an expression reads: its selectors, and the labels of by/without/on/ignoring/group_left/group_right. */
export interface ExpressionNeeds {
  selectors: Selector[];
  groupingLabels: string[];
}

const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'start',
  'end',
  'inf',
  'nan',
]);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

type Token = { kind: 'ident' | 'string' | 'number' | 'punct'; text: string };

const TOKEN =
  /\s+|#[^\n]*|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)|([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[a-zA-Z]*|0x[0-9a-fA-F]+)|([a-zA-Z_:][a-zA-Z0-9_:]*)|(=~|!~|!=|==|>=|<=|[-+*/%^(){}[\],=<>@])/y;

const tokenize = (expr: string): Token[] => {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expr.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(expr);
    if (!m) throw new Error(`cannot read PromQL at ${at}: ${expr.slice(at, at + 30)}`);
    if (m[1]) tokens.push({ kind: 'string', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'number', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'ident', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'punct', text: m[4] });
  }
  return tokens;
};

// `{a="x", b=~"y"}` from the token after `{`: the label names, and the metric name a `__name__="…"` matcher gives.
const readMatchers = (tokens: Token[], start: number): { labels: string[]; name: string | null; end: number } => {
  const labels: string[] = [];
  let name: string | null = null;
  let i = start;
  while (i < tokens.length && tokens[i]?.text !== '}') {
    const label = tokens[i];
    const value = tokens[i + 2];
    if (label?.kind !== 'ident' || value?.kind !== 'string') throw new Error(`not a label matcher at ${label?.text}`);
    if (label.text === '__name__') name = value.text.slice(1, -1);
    else labels.push(label.text);
    i += 3;
    if (tokens[i]?.text === ',') i++;
  }
  return { labels, name, end: i };
};

/** The selectors and grouping labels of a PromQL expression (Grafana's `$__…` intervals replaced first). */
export const expressionNeeds = (expr: string): ExpressionNeeds => {
  const tokens = tokenize(expr);
  const selectors: Selector[] = [];
  const groupingLabels: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (t.kind === 'punct' && t.text === '[') {
      while (i < tokens.length && tokens[i]?.text !== ']') i++;
      continue;
    }
    if (t.kind === 'punct' && t.text === '{') {
      const m = readMatchers(tokens, i + 1);
      if (m.name) selectors.push({ name: m.name, labels: m.labels });
      i = m.end;
      continue;
    }
    if (t.kind !== 'ident') continue;
    if (LABEL_LISTS.has(t.text) && next?.text === '(') {
      for (i += 2; i < tokens.length && tokens[i]?.text !== ')'; i++)
        if (tokens[i]?.kind === 'ident') groupingLabels.push(tokens[i]?.text as string);
      continue;
    }
    if (KEYWORDS.has(t.text) || next?.text === '(' || (AGGREGATIONS.has(t.text) && (next?.text === 'by' || next?.text === 'without')))
      continue;
    if (next?.text === '{') {
      const m = readMatchers(tokens, i + 2);
      selectors.push({ name: t.text, labels: m.labels });
      i = m.end;
    } else selectors.push({ name: t.text, labels: [] });
  }
  return { selectors, groupingLabels };
};

/** Grafana's interval variables, replaced by a value as Grafana would before sending the query. */
export const withGrafanaIntervals = (expr: string, interval = '5m'): string =>
  expr.replace(/\$__(rate_interval|range|interval)\b/g, interval);
