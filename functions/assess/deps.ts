import type { AlertmanagerApi } from '../../lib/alertmanager/alertmanager-api.ts';
import type { Broker } from '../../lib/broker/broker.ts';
import type { Config } from '../../lib/config/config-schema.ts';
import type { Cluster } from '../../lib/kube/create-cluster.ts';
import type { TickSchedule } from '../../lib/kube/tick-schedule.ts';
import type { Llm } from '../../lib/slm/llm.ts';
import type { Policy } from '../../lib/policy/policy-schema.ts';
import type { Store } from '../../lib/store/store.ts';
import type { AssessMetrics } from './metrics.ts';

/** What assess needs: the history, read-only cluster access, Alertmanager (optional), where to publish, the clock. */
export interface AssessDeps {
  store: Store;
  cluster: Cluster;
  alertmanager: AlertmanagerApi | null;
  broker: Broker;
  settings: Config['assess'];
  policy: Policy;
  metrics: AssessMetrics;
  /** The assessment tick: started when an assessment is scheduled, stopped when none is pending. */
  ticks: TickSchedule;
  /** The model that writes assessments' paragraphs (ASSESS_EXPLAIN=model); null: the template writes them. */
  llm: Llm | null;
  now: () => Date;
}
