import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

// The plain Alertmanager example (knative/alertmanager/alertmanager-receiver.example.yaml) and the merge its header
// asks of the user, so that tests route alerts through the configuration a user would really end up with.

/** A route of an Alertmanager configuration file, as far as these tests write one. */
export interface AlertmanagerRoute {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: AlertmanagerRoute[];
}

/** A webhook integration of a receiver. */
export interface WebhookConfig {
  url: string;
  send_resolved?: boolean;
  max_alerts?: number;
  http_config?: { authorization?: { type?: string; credentials?: string; credentials_file?: string } };
}

/** A receiver; integrations other than webhooks are passed through as they are. */
export interface AlertmanagerReceiver {
  name: string;
  webhook_configs?: WebhookConfig[];
  [integration: string]: unknown;
}

/** An Alertmanager configuration file (alertmanager.yml). */
export interface AlertmanagerConfigFile {
  route: AlertmanagerRoute & { receiver: string };
  receivers: AlertmanagerReceiver[];
  [key: string]: unknown;
}

/** Where the plain example lives. */
export const RECEIVER_EXAMPLE = join(import.meta.dirname, '..', '..', 'knative', 'alertmanager', 'alertmanager-receiver.example.yaml');

/** The plain example, parsed. */
export const loadReceiverExample = (): AlertmanagerConfigFile =>
  parseYaml(readFileSync(RECEIVER_EXAMPLE, 'utf8')) as AlertmanagerConfigFile;

/**
 * `user` with `example` merged in as the example's header says: the example's receivers added (except the one
 * standing for the user's root receiver), its first route put first among the user's routes, and the routes after
 * it put last, the stand-in's name replaced by the user's root receiver.
 */
export const mergeReceiverExample = (user: AlertmanagerConfigFile, example: AlertmanagerConfigFile): AlertmanagerConfigFile => {
  const standIn = example.route.receiver;
  const [ours, ...last] = example.route.routes ?? [];
  if (!ours) throw new Error('the example has no route to merge');
  const yours = (r: AlertmanagerRoute): AlertmanagerRoute => (r.receiver === standIn ? { ...r, receiver: user.route.receiver } : r);
  return {
    ...user,
    route: { ...user.route, routes: [ours, ...(user.route.routes ?? []), ...last.map(yours)] },
    receivers: [...user.receivers, ...example.receivers.filter((r) => r.name !== standIn)],
  };
};
