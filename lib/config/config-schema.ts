import * as z from 'zod';
import { Policy } from '../policy/policy-schema.ts';
import { boolField, durationField, intField, listField, numberField, strictSection, urlField } from '../domain/schema-fields.ts';
import { matchersField, secretField } from './config-fields.ts';

/** The whole configuration, validated once at start-up; defaults are the embedded ones `make run` uses. */
export const Config = strictSection({
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).prefault('info'),
  webhook: strictSection({
    port: intField(1, 65535).prefault(8080),
    // null: all interfaces in a pod (Knative's queue-proxy and probes reach it there), loopback for `make run`.
    host: z.string().min(1).nullable().prefault(null),
    authToken: secretField().nullable().prefault(null),
    allowUnauthenticated: boolField().prefault(false),
    maxBodyBytes: intField(1024, 64 * 1024 * 1024).prefault(1024 * 1024),
    headerTimeoutMs: durationField().prefault('10s'),
    bodyTimeoutMs: durationField().prefault('30s'),
    maxConnections: intField(1, 65535).prefault(1024),
    shutdownTimeoutMs: durationField().prefault('20s'),
  }).prefault({}),
  broker: strictSection({
    url: urlField().nullable().prefault(null),
    // A projected ServiceAccount token for the broker's audience (overlays/eventing-auth/): sent as Bearer.
    tokenFile: z.string().min(1).nullable().prefault(null),
    timeoutMs: durationField().prefault('5s'),
    concurrency: intField(1, 256).prefault(8),
  }).prefault({}),
  filter: strictSection({
    severities: listField().prefault(['critical', 'warning']),
    namespaces: listField().prefault([]),
    excludeNamespaces: listField().prefault([]),
    // kube-prometheus' always-firing meta alerts are not problems to fix.
    matchers: matchersField().prefault('alertname!~"Watchdog|InfoInhibitor"'),
  }).prefault({}),
  slm: strictSection({
    provider: z.enum(['ollama', 'openai', 'localai', 'none']).prefault('ollama'),
    endpoint: urlField().prefault('http://127.0.0.1:11434'),
    model: z.string().min(1).prefault('granite3.1-dense:8b'),
    temperature: numberField(0, 2).prefault(0.1),
    maxTokens: intField(16, 32768).prefault(512),
    timeoutMs: durationField().prefault('45s'),
    retryCount: intField(0, 10).prefault(1),
    // All model calls of one analysis (retries, the repair, waiting for a turn): inside the analyze Trigger's timeout.
    budgetMs: durationField().prefault('100s'),
    concurrency: intField(1, 64).prefault(2),
    apiKey: secretField().nullable().prefault(null),
    cacheTtlMs: durationField().prefault('5m'),
  }).prefault({}),
  eventAuth: strictSection({
    // Knative Eventing's OIDC sender identity (overlays/eventing-auth/): unset audience, no check.
    audience: z.string().min(1).nullable().prefault(null),
    required: boolField().prefault(false),
    issuer: z.string().min(1).prefault('https://kubernetes.default.svc.cluster.local'),
    jwksUrl: urlField().nullable().prefault('https://kubernetes.default.svc/openid/v1/jwks'),
    jwksFile: z.string().min(1).nullable().prefault(null),
    jwksTokenFile: z.string().min(1).nullable().prefault(null),
    senders: listField().prefault([]),
  }).prefault({}),
  retention: strictSection({
    // Longer than any redelivery can come (35 min of retries × (1 + DEAD_LETTER_REDRIVES)): a pruned record would
    // let a very late redelivery run twice.
    processedEventsMs: durationField().prefault('7d'),
    eventLogMs: durationField().prefault('30d'),
    alertsMs: durationField().prefault('30d'),
    deadLettersMs: durationField().prefault('30d'),
    // What the learning loop and the no-action baseline learn from.
    historyMs: durationField().prefault('365d'),
  }).prefault({}),
  deadLetter: strictSection({
    // Each re-drive is another round of the Trigger's retries (35 min): 3 of them outlast a 2-hour outage.
    maxRedrives: intField(0, 20).prefault(3),
  }).prefault({}),
  analyze: strictSection({
    dedupWindowMs: durationField().prefault('30m'),
    // A claim whose holder died is taken over after this: longer than the model budget, far shorter than the
    // broker's retries (30 min and more), so a crashed pod's alerts are analysed by a retry.
    claimLeaseMs: durationField().prefault('3m'),
  }).prefault({}),
  kube: strictSection({
    kubeconfig: z.string().min(1).nullable().prefault(null),
    context: z.string().min(1).nullable().prefault(null),
    serviceHost: z.string().min(1).nullable().prefault(null),
    timeoutMs: durationField().prefault('10s'),
    // An external Kubernetes MCP server (containers/kubernetes-mcp-server) for analyze's reads; writes never use it.
    mcpUrl: urlField().nullable().prefault(null),
    mcpTokenFile: z.string().min(1).nullable().prefault(null),
  }).prefault({}),
  notify: strictSection({
    webhookUrl: secretField().nullable().prefault(null),
    slackWebhookUrl: secretField().nullable().prefault(null),
    timeoutMs: durationField().prefault('5s'),
  }).prefault({}),
  // Changes need an explicit choice: DRY_RUN=false (and a cluster named by KUBECONFIG/KUBE_CONTEXT, or the pod's own).
  dryRun: boolField().prefault(true),
  policy: Policy.prefault({}),
  assess: strictSection({
    tickIntervalMs: durationField().prefault('1m'),
    stabilizationMs: durationField().prefault('5m'),
    validityMs: durationField().prefault('30m'),
    alertmanagerUrl: urlField().nullable().prefault(null),
    prometheusUrl: urlField().nullable().prefault(null),
    // Who writes each assessment's paragraph: the template, or the model (checked against the facts; the template
    // when it fails, is slow, or writes a number the facts do not hold).
    explainWith: z.enum(['template', 'model']).prefault('template'),
  }).prefault({}),
  mcp: strictSection({
    // The action-history MCP server over HTTP (the sixth Service): its own Bearer token, never the webhook's.
    authToken: secretField().nullable().prefault(null),
    // approve_action is a write: registered only where a person explicitly turned it on.
    allowApprove: boolField().prefault(false),
  }).prefault({}),
  database: strictSection({
    url: secretField().nullable().prefault(null),
    driver: z.enum(['auto', 'pg', 'neon', 'pglite']).prefault('auto'),
    wsProxy: z.string().min(1).nullable().prefault(null),
    dataDir: z.string().min(1).prefault('.data'),
  }).prefault({}),
});
export type Config = z.infer<typeof Config>;
