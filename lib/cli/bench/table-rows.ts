import type { SqlDriver } from '../../store/sql.ts';

/** The tables a webhook writes to, in the order the pipeline writes them. */
export const PIPELINE_TABLES = ['alerts', 'incidents', 'recommendations', 'actions', 'processed_events', 'event_log'] as const;

/** The number of rows in each of `tables`. */
export const tableRows = async (driver: SqlDriver, tables: readonly string[] = PIPELINE_TABLES): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await driver.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
};
