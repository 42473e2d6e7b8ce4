import type { Broker } from '../broker/broker.ts';
import type { Config } from '../config/config-schema.ts';
import { createReadOnlyCluster } from '../kube/create-cluster.ts';
import { createStore } from '../store/create-store.ts';
import { readOnlyDriver } from '../store/read-only-driver.ts';
import type { SqlDriver } from '../store/sql.ts';
import { approverFor } from './approver.ts';
import type { HistoryToolDeps } from './define-tool.ts';

/**
 * What the action-history tools read, from the configuration: the store over a read-only connection, the cluster's
 * reads only. Approving (a write: one row, then execute woken through `broker`) only where MCP_ALLOW_APPROVE is on.
 */
export const historyDeps = (config: Config, database: SqlDriver, broker: Broker | null, now: () => Date): HistoryToolDeps => ({
  store: createStore(readOnlyDriver(database), now),
  policy: config.policy,
  validityMs: config.assess.validityMs,
  cluster: createReadOnlyCluster(config.kube),
  now,
  ...(config.mcp.allowApprove ? { approve: approverFor(createStore(database, now), config.policy, broker, now) } : {}),
});
