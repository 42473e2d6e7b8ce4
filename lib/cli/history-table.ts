import type { DecisionRecord } from '../store/records.ts';
import { targetKey } from '../events/target.ts';

const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
const time = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

/** Recent decisions as a readable table: one line per action, then what blocked it and how it was assessed. */
export const historyTable = (decisions: readonly DecisionRecord[]): string[] => {
  if (decisions.length === 0) return ['no decisions recorded yet'];
  const lines = [`${pad('STARTED (UTC)', 20)} ${pad('TARGET', 38)} ${pad('ACTION', 20)} ${pad('STATUS', 18)} ${pad('SOURCE', 12)} OUTCOME`];
  for (const d of decisions) {
    const source = d.recommendation ? `${d.recommendation.source} ${d.recommendation.confidence.toFixed(2)}` : '-';
    const outcome = d.assessment?.outcome ? `${d.assessment.outcome}${d.assessment.score === null ? '' : ` ${d.assessment.score.toFixed(2)}`}` : d.assessment ? 'pending' : '-';
    lines.push(`${pad(time(d.startedAt), 20)} ${pad(d.target ? targetKey(d.target) : '(cluster)', 38)} ${pad(d.action, 20)} ${pad(d.status, 18)} ${pad(source, 12)} ${outcome}`);
    for (const v of d.verdicts.filter((v) => v.verdict !== 'pass')) lines.push(`    ${v.verdict}: ${v.gate}: ${v.reason}`);
    if (d.error) lines.push(`    error: ${d.error}`);
    const factors = Array.isArray(d.assessmentDetail?.factors) ? (d.assessmentDetail.factors as { name: string; value: number; weight: number; detail?: string }[]) : [];
    for (const f of factors) lines.push(`    ${f.name} = ${f.value.toFixed(2)} (weight ${f.weight})${f.detail ? `: ${f.detail}` : ''}`);
    if (d.assessmentDetail?.reasoning) lines.push(`    ${d.assessmentDetail.reasoning}`);
  }
  return lines;
};
