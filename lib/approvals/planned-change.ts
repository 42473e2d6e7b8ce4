import type { ActionRecord, PlannedChange } from '../domain/records.ts';

/** The exact change of a decided action, as planned when it was decided, or "unknown" with the honest reason. */
export const plannedChange = (a: ActionRecord): string => {
  const state = (a.postState ?? {}) as Partial<PlannedChange> & { note?: string };
  const parameters = Object.entries(a.parameters)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  const given = parameters ? ` (parameters: ${parameters})` : '';
  if (state.planned) {
    const at = state.planned.at.replace('T', ' ').slice(0, 19);
    return `${state.planned.summary} (as planned at ${at} UTC; planned again when approved)`;
  }
  if (state.note) return `unknown: ${state.note}${given}`;
  return `unknown: not planned when it was decided${given}`;
};
