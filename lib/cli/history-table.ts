import { targetKey } from '../domain/target.ts';
import type { RefusedEvent } from '../store/refused-events.ts';
import type { DecisionRecord } from '../domain/records.ts';
import { STATUS_WORDS } from '../domain/status-words.ts';

/** One column of a table a person scans: its title, its width when not --wide (the last one is never cut), and its cell. */
interface Column<T> {
  title: string;
  width: number;
  cell: (row: T) => string;
  /**
   * How a too-long cell is shortened: at its end; in its middle (an id's or a name's end tells them apart); or, for
   * a target key, in the middle of its name, so that namespace and kind stay whole.
   */
  cut?: 'end' | 'middle' | 'name';
}

const shorten = (text: string, width: number, cut: 'end' | 'middle' | 'name'): string => {
  if (text.length <= width) return text;
  if (cut === 'end') return `${text.slice(0, width - 1)}…`;
  const prefix = cut === 'name' ? text.slice(0, text.lastIndexOf('/') + 1) : '';
  // A namespace so long that little of the name would show: shorten the whole key in its middle instead.
  if (prefix.length > width - 8) return shorten(text, width, 'middle');
  const name = text.slice(prefix.length);
  const room = width - prefix.length - 1;
  const head = Math.ceil(room / 2);
  return `${prefix}${name.slice(0, head)}…${name.slice(name.length - (room - head))}`;
};

// Narrow: each column at its width, shortened as it says; --wide: each as wide as its longest cell, nothing cut.
const render = <T>(columns: readonly Column<T>[], rows: readonly T[], wide: boolean, details: (row: T) => string[]): string[] => {
  const widths = columns.map((c) => (wide ? Math.max(c.title.length, ...rows.map((r) => c.cell(r).length)) : c.width));
  const last = columns.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((text, i) => (i === last ? text : text.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const cell = (c: Column<T>, i: number, row: T) =>
    wide || i === last ? c.cell(row) : shorten(c.cell(row), widths[i] ?? 0, c.cut ?? 'end');
  const out = [line(columns.map((c) => c.title))];
  for (const row of rows) out.push(line(columns.map((c, i) => cell(c, i, row))), ...details(row));
  return out;
};

const time = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

/** Who decided: a person by name, a gate that blocked it, the policy that let it run on its own, or nobody yet. */
export const decidedBy = (d: DecisionRecord): string => {
  if (d.decidedBy) return d.decidedBy;
  if (d.status === 'rejected') return 'gate';
  if (d.status === 'approval_required') return '-';
  return 'policy';
};

/** The assessment: its outcome and score, "not yet assessed" while it is scheduled, "-" when none is due. */
export const assessed = (d: DecisionRecord): string => {
  if (!d.assessment) return '-';
  if (!d.assessment.outcome) return 'not yet assessed';
  return `${d.assessment.outcome}${d.assessment.score === null ? '' : ` ${d.assessment.score.toFixed(2)}`}`;
};

const DECISION_COLUMNS = (wide: boolean): Column<DecisionRecord>[] => [
  { title: 'TIME (UTC)', width: 19, cell: (d) => time(d.startedAt) },
  { title: 'ID', width: 8, cell: (d) => (wide ? d.id : d.id.slice(0, 8)) },
  { title: 'ALERT', width: 24, cell: (d) => d.alertname },
  { title: 'TARGET', width: 40, cell: (d) => (d.target ? targetKey(d.target) : '(cluster)'), cut: 'name' },
  { title: 'ACTION', width: 19, cell: (d) => d.action },
  { title: 'STATUS', width: 17, cell: (d) => STATUS_WORDS[d.status].word },
  { title: 'DECIDED BY', width: 10, cell: decidedBy },
  {
    title: 'SOURCE',
    width: 10,
    cell: (d) => (d.recommendation ? `${d.recommendation.source} ${d.recommendation.confidence.toFixed(2)}` : '-'),
  },
  { title: 'OUTCOME', width: 16, cell: assessed },
];

// Under each decision: the gates that did not simply pass, the error, and the assessment's measurements.
const decisionDetails = (d: DecisionRecord): string[] => {
  const held = d.verdicts.filter((v) => v.verdict !== 'pass');
  const lines = held.map((v) => `    ${v.verdict === 'block' ? 'blocked' : 'needs a person'} (${v.gate}): ${v.reason}`);
  if (d.error) lines.push(`    error: ${d.error}`);
  type Factor = { name: string; value: number; weight: number; detail?: string };
  const factors = Array.isArray(d.assessmentDetail?.factors) ? (d.assessmentDetail.factors as Factor[]) : [];
  for (const f of factors) lines.push(`    ${f.name} = ${f.value.toFixed(2)} (weight ${f.weight})${f.detail ? `: ${f.detail}` : ''}`);
  if (d.assessmentDetail?.reasoning) lines.push(`    ${d.assessmentDetail.reasoning}`);
  return lines;
};

/** Recent decisions as a table: one line per action, then the gates that held it, its error and its assessment. */
export const historyTable = (decisions: readonly DecisionRecord[], { wide = false }: { wide?: boolean } = {}): string[] =>
  decisions.length === 0 ? ['no decisions recorded yet'] : render(DECISION_COLUMNS(wide), decisions, wide, decisionDetails);

const REFUSED_COLUMNS: Column<RefusedEvent>[] = [
  { title: 'TIME (UTC)', width: 19, cell: (r) => time(r.receivedAt) },
  { title: 'CONSUMER', width: 8, cell: (r) => r.consumer },
  { title: 'TYPE', width: 36, cell: (r) => r.event.type },
  { title: 'EVENT ID', width: 24, cell: (r) => r.event.id, cut: 'middle' },
  { title: 'SOURCE', width: 22, cell: (r) => r.event.source },
  { title: 'REASON', width: 6, cell: (r) => r.reason },
];

/** Events a function refused because the store did not back them (forged, replayed with other content, unapproved). */
export const refusedTable = (refused: readonly RefusedEvent[], { wide = false }: { wide?: boolean } = {}): string[] =>
  refused.length === 0 ? ['no events were refused'] : render(REFUSED_COLUMNS, refused, wide, () => []);
