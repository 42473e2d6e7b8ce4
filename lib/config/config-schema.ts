import { z } from 'zod';
import { Policy } from '../policy/policy-schema.ts';
import { boolField, durationField, intField, listField, matchersField, numberField, secretField, strictSection, urlField } from './config-fields.ts';

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
    timeoutMs: durationField().prefault('30s'),
    retryCount: intField(0, 10).prefault(2),
    apiKey: secretField().nullable().prefault(null),
    cacheTtlMs: durationField().prefault('5m'),
  }).prefault({}),
  analyze: strictSection({
    dedupWindowMs: durationField().prefault('30m'),
  }).prefault({}),
  kube: strictSection({
    kubeconfig: z.string().min(1).nullable().prefault(null),
    context: z.string().min(1).nullable().prefault(null),
    serviceHost: z.string().min(1).nullable().prefault(null),
    timeoutMs: durationField().prefault('10s'),
  }).prefault({}),
  notify: strictSection({
    webhookUrl: secretField().nullable().prefault(null),
    slackWebhookUrl: secretField().nullable().prefault(null),
    timeoutMs: durationField().prefault('5s'),
  }).prefault({}),
  dryRun: boolField().prefault(false),
  policy: Policy.prefault({}),
  assess: strictSection({
    tickIntervalMs: durationField().prefault('1m'),
    stabilizationMs: durationField().prefault('5m'),
    validityMs: durationField().prefault('30m'),
    alertmanagerUrl: urlField().nullable().prefault(null),
    prometheusUrl: urlField().nullable().prefault(null),
  }).prefault({}),
  database: strictSection({
    url: secretField().nullable().prefault(null),
    driver: z.enum(['auto', 'pg', 'neon', 'pglite']).prefault('auto'),
    wsProxy: z.string().min(1).nullable().prefault(null),
    dataDir: z.string().min(1).prefault('.data'),
  }).prefault({}),
});
export type Config = z.infer<typeof Config>;
