import { changesBetween } from '../catalog/dimensions.ts';
import type { DimensionChange } from '../domain/oscillation.ts';
import { asDate } from './row-mapping.ts';
import type { Sql } from './sql.ts';

// Enough for any policy window: a target changed more often than this is refused long before.
const MAX_ACTIONS = 200;

/**
 * What our performed actions on a target moved since `since`, oldest first: each action's spec before (its pre-state)
 * against its spec after (the snapshot execute stores with the outcome). Actions recorded without both are left out.
 */
export const changeSeries = async (sql: Sql, targetKey: string, since: Date): Promise<DimensionChange[]> => {
  const { rows } = await sql.query<{ target_kind: string; started_at: Date | string; pre_state: unknown; after: unknown }>(
    `SELECT target_kind, started_at, pre_state, post_state -> 'after' AS after FROM actions
     WHERE target_key = $1 AND status = 'succeeded' AND started_at >= $2 AND pre_state IS NOT NULL AND post_state -> 'after' IS NOT NULL
     ORDER BY started_at DESC LIMIT $3`,
    [targetKey, since, MAX_ACTIONS],
  );
  return rows.reverse().flatMap((r) => changesBetween(r.target_kind, r.pre_state, r.after, asDate(r.started_at)));
};
