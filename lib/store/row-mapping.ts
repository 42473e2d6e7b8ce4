import { targetKey } from '../domain/target.ts';
import type { TargetRef } from '../domain/records.ts';

/** A timestamp column as a Date (every driver returns Date for timestamptz; strings are accepted too). */
export const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
/** A nullable timestamp column. */
export const asDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : asDate(value));
/** A nullable double column (drivers may return numeric strings). */
export const asNumberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A value for a nullable JSONB column: null stays SQL NULL rather than JSON null. */
export const jsonOrNull = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** The target columns of a row (target_kind, target_namespace, target_name) as a TargetRef. */
export const targetFromRow = (row: Record<string, unknown>): TargetRef | null =>
  row.target_kind && row.target_name
    ? { kind: String(row.target_kind), namespace: (row.target_namespace as string | null) ?? null, name: String(row.target_name) }
    : null;

/** The four target column values (kind, namespace, name, key) for an INSERT. */
export const targetColumns = (target: TargetRef | null): [string | null, string | null, string | null, string | null] =>
  target ? [target.kind, target.namespace, target.name, targetKey(target)] : [null, null, null, null];
