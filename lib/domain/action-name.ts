import * as z from 'zod';

/** The closed set of actions the model may choose from; anything else is rejected before execute. */
export const ActionName = z.enum([
  'notify_only',
  'collect_diagnostics',
  'restart_pod',
  'restart_deployment',
  'scale_deployment',
  'increase_resources',
  'rollback_deployment',
  'adjust_hpa',
  'cordon_node',
  'drain_node',
  'expand_pvc',
]);
export type ActionName = z.infer<typeof ActionName>;
