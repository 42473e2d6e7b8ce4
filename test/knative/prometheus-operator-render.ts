import type { AlertmanagerConfigFile, AlertmanagerReceiver, AlertmanagerRoute } from '../support/alertmanager-example.ts';

// amtool reads Alertmanager configuration files, not AlertmanagerConfig objects: this renders what prometheus-operator
// generates from one, following its ConfigBuilder (pkg/alertmanager/amcfg.go): AddAlertmanagerConfigs puts the
// object's route FIRST among the base configuration's routes, after its enforcer forced `continue: true` on it and,
// unless spec.alertmanagerConfigMatcherStrategy.type is None, appended the matcher namespace="<its namespace>";
// convertRoute/convertReceiver prefix receiver names with "<namespace>/<name>/"; convertWebhookConfig leaves
// maxAlerts 0 out and convertHTTPConfig inlines the Secret key as `credentials`. Only the fields our
// AlertmanagerConfig uses are rendered; any other field throws rather than being dropped without a word.

interface CrMatcher {
  name: string;
  value: string;
  matchType?: string;
}
interface CrRoute {
  receiver: string;
  matchers?: CrMatcher[];
  continue?: boolean;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}
interface CrWebhook {
  url: string;
  sendResolved?: boolean;
  maxAlerts?: number;
  httpConfig?: { authorization?: { type?: string; credentials?: { name: string; key: string } } };
}
interface CrReceiver {
  name: string;
  webhookConfigs?: CrWebhook[];
}
/** An AlertmanagerConfig object (monitoring.coreos.com/v1alpha1), as far as ours uses it. */
export interface AlertmanagerConfigObject {
  metadata: { name: string; namespace?: string };
  spec: { route: CrRoute; receivers: CrReceiver[] };
}

/** How the operator restricts an AlertmanagerConfig's route: OnNamespace is its default. */
export type MatcherStrategy = 'OnNamespace' | 'None';

const ROUTE_FIELDS = ['receiver', 'matchers', 'continue', 'groupBy', 'groupWait', 'groupInterval', 'repeatInterval'];
const RECEIVER_FIELDS = ['name', 'webhookConfigs'];
const WEBHOOK_FIELDS = ['url', 'sendResolved', 'maxAlerts', 'httpConfig'];
const onlyKnown = (what: string, value: object, known: readonly string[]) => {
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new Error(`${what}: this rendering does not know ${unknown.join(', ')}; extend it from amcfg.go first`);
};

/**
 * The configuration the operator writes for its Alertmanager from `base` (its alertmanager.yaml) and the object `cr`,
 * reading Secret keys from `secrets` ("<secret>/<key>" → value).
 */
export const renderWithAlertmanagerConfig = (
  base: AlertmanagerConfigFile,
  cr: AlertmanagerConfigObject,
  options: { strategy: MatcherStrategy; secrets: Readonly<Record<string, string>> },
): AlertmanagerConfigFile => {
  const namespace = cr.metadata.namespace ?? 'default';
  const prefixed = (name: string) => `${namespace}/${cr.metadata.name}/${name}`;
  const { route, receivers } = cr.spec;
  onlyKnown('spec.route', route, ROUTE_FIELDS);
  const matchers = (route.matchers ?? []).map((m) => `${m.name}${m.matchType ?? '='}${JSON.stringify(m.value)}`);
  if (options.strategy === 'OnNamespace') matchers.push(`namespace=${JSON.stringify(namespace)}`);
  const rendered: AlertmanagerRoute = {
    receiver: prefixed(route.receiver),
    ...(route.groupBy ? { group_by: route.groupBy } : {}),
    ...(route.groupWait ? { group_wait: route.groupWait } : {}),
    ...(route.groupInterval ? { group_interval: route.groupInterval } : {}),
    ...(route.repeatInterval ? { repeat_interval: route.repeatInterval } : {}),
    ...(matchers.length > 0 ? { matchers } : {}),
    continue: true,
  };
  const secret = (ref: { name: string; key: string }) => {
    const value = options.secrets[`${ref.name}/${ref.key}`];
    if (value === undefined) throw new Error(`no value for key ${ref.key} of Secret ${ref.name}`);
    return value;
  };
  const converted = receivers.map((r): AlertmanagerReceiver => {
    onlyKnown(`receiver ${r.name}`, r, RECEIVER_FIELDS);
    const webhooks = (r.webhookConfigs ?? []).map((w) => {
      onlyKnown(`receiver ${r.name} webhook`, w, WEBHOOK_FIELDS);
      const auth = w.httpConfig?.authorization;
      const authorization = auth?.credentials ? { type: auth.type ?? 'Bearer', credentials: secret(auth.credentials) } : undefined;
      return {
        url: w.url,
        ...(w.sendResolved !== undefined ? { send_resolved: w.sendResolved } : {}),
        ...(w.maxAlerts ? { max_alerts: w.maxAlerts } : {}),
        ...(authorization ? { http_config: { authorization } } : {}),
      };
    });
    return { name: prefixed(r.name), ...(webhooks.length > 0 ? { webhook_configs: webhooks } : {}) };
  });
  return {
    ...base,
    route: { ...base.route, routes: [rendered, ...(base.route.routes ?? [])] },
    receivers: [...base.receivers, ...converted],
  };
};
