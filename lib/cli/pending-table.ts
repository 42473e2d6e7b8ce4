import { durationWords } from '../domain/duration-words.ts';
import { targetKey } from '../domain/target.ts';
import { plannedChange } from '../approvals/planned-change.ts';
import type { ActionRecord } from '../domain/records.ts';

const what = (a: ActionRecord) => `${a.action} on ${a.target ? targetKey(a.target) : '(cluster)'} for ${a.alertname}`;

/** `alerts-slm pending` as lines: what waits for a person (the exact change, why, how long), then what is approved but not done. */
export const pendingLines = (waiting: readonly ActionRecord[], approved: readonly ActionRecord[], now: Date, ttlMs: number): string[] => {
  const lines: string[] = [];
  lines.push(waiting.length ? `waiting for approval (${waiting.length}):` : 'nothing is waiting for approval');
  for (const a of waiting) {
    const age = now.getTime() - a.startedAt.getTime();
    const left = ttlMs - age;
    const expiry = left > 0 ? `expires in ${durationWords(left)}` : `waited past ${durationWords(ttlMs)}: approving it will expire it`;
    lines.push(`${a.id}  ${what(a)}, waiting ${durationWords(age)} (${expiry})`);
    lines.push(`    change: ${plannedChange(a)}`);
    for (const v of a.verdicts.filter((v) => v.verdict !== 'pass')) lines.push(`    why it waits (${v.gate}): ${v.reason}`);
  }
  if (approved.length === 0) return lines;
  lines.push('', `approved, not carried out yet (${approved.length}):`);
  for (const a of approved) {
    const since = a.decidedAt ? ` ${durationWords(now.getTime() - a.decidedAt.getTime())} ago` : '';
    lines.push(`${a.id}  ${what(a)}, approved by ${a.decidedBy ?? 'unknown'}${since}`);
    lines.push(`    change: ${plannedChange(a)}`);
    lines.push(
      `    execute has not carried it out: make run wakes it when it starts; on a cluster, alerts-slm approve ${a.id} wakes it again`,
    );
  }
  return lines;
};
