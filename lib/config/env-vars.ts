import { parseYaml } from './parse-yaml.ts';

/** One environment variable: the config path it sets, and the line the README's table shows. */
export interface EnvVar {
  readonly name: string;
  readonly path: string;
  readonly doc: string;
  readonly default: string;
  /** The variable names a file whose trimmed content is the value (a mounted Secret). */
  readonly file?: true;
  /** Turns the raw text into the value to validate (e.g. a bare host:port into a URL, a file's YAML into data). */
  readonly coerce?: (value: string) => unknown;
}

/** Every environment variable the configuration reads, in the order the README lists them; for two that set one path, the first wins. */
export const ENV_VARS: readonly EnvVar[] = [
  { name: 'CONFIG_FILE', path: '', doc: 'YAML file with the same settings (environment variables win)', default: '—' },
  { name: 'LOG_LEVEL', path: 'logLevel', doc: 'debug, info, warn or error (JSON lines on stdout)', default: 'info' },
  { name: 'WEBHOOK_PORT', path: 'webhook.port', doc: 'port of the webhook (ingest) and of every function', default: '8080' },
  { name: 'WEBHOOK_HOST', path: 'webhook.host', doc: 'address the webhook listens on (0.0.0.0 or :: for all interfaces)', default: '— (make run: 127.0.0.1; the image: all)' },
  { name: 'PORT', path: 'webhook.port', doc: 'set by Knative Serving; used when WEBHOOK_PORT is unset', default: '—' },
  { name: 'WEBHOOK_AUTH_TOKEN', path: 'webhook.authToken', doc: 'Bearer token Alertmanager must send (secret)', default: '— (make run generates one)' },
  { name: 'WEBHOOK_AUTH_TOKEN_FILE', path: 'webhook.authToken', doc: 'file holding the token, e.g. a mounted Secret', default: '—', file: true },
  { name: 'WEBHOOK_ALLOW_UNAUTHENTICATED', path: 'webhook.allowUnauthenticated', doc: 'accept webhooks without a token (only behind another authentication)', default: 'false' },
  { name: 'WEBHOOK_MAX_BODY_BYTES', path: 'webhook.maxBodyBytes', doc: 'larger webhook bodies get 413', default: '1048576' },
  { name: 'WEBHOOK_HEADER_TIMEOUT', path: 'webhook.headerTimeoutMs', doc: 'a connection that has not sent complete request headers by then is closed', default: '10s' },
  { name: 'WEBHOOK_BODY_TIMEOUT', path: 'webhook.bodyTimeoutMs', doc: 'a body not received by then gets 408', default: '30s' },
  { name: 'WEBHOOK_MAX_CONNECTIONS', path: 'webhook.maxConnections', doc: 'open connections per process; more are refused', default: '1024' },
  { name: 'SHUTDOWN_TIMEOUT', path: 'webhook.shutdownTimeoutMs', doc: 'on SIGTERM: stop accepting, finish in-flight work within this, then exit', default: '20s' },
  { name: 'BROKER_URL', path: 'broker.url', doc: 'where ingest publishes CloudEvents (Knative Broker ingress)', default: '— (make run: its local broker)' },
  { name: 'K_SINK', path: 'broker.url', doc: 'set by a Knative SinkBinding; used when BROKER_URL is not set', default: '—' },
  { name: 'BROKER_TOKEN_FILE', path: 'broker.tokenFile', doc: "a projected ServiceAccount token (the broker's audience) sent with every publish, for Knative's EventPolicy", default: '—' },
  { name: 'BROKER_TIMEOUT', path: 'broker.timeoutMs', doc: 'timeout of one publish', default: '5s' },
  { name: 'BROKER_CONCURRENCY', path: 'broker.concurrency', doc: 'events published at once per webhook', default: '8' },
  { name: 'FILTER_SEVERITIES', path: 'filter.severities', doc: 'severities acted on (comma-separated; empty: all)', default: 'critical,warning' },
  { name: 'FILTER_NAMESPACES', path: 'filter.namespaces', doc: 'namespaces acted on (empty: all)', default: '—' },
  { name: 'FILTER_EXCLUDE_NAMESPACES', path: 'filter.excludeNamespaces', doc: 'namespaces never acted on', default: '—' },
  { name: 'FILTER_MATCHERS', path: 'filter.matchers', doc: 'Alertmanager label matchers every alert must satisfy', default: 'alertname!~"Watchdog|InfoInhibitor"' },
  { name: 'SLM_PROVIDER', path: 'slm.provider', doc: 'ollama, openai (any OpenAI-compatible server), localai (the same API) or none (rules only)', default: 'ollama' },
  { name: 'SLM_ENDPOINT', path: 'slm.endpoint', doc: 'model server URL (OLLAMA_HOST is used when this is unset)', default: 'http://127.0.0.1:11434' },
  { name: 'OLLAMA_HOST', path: 'slm.endpoint', doc: "Ollama's own variable, used when SLM_ENDPOINT is unset", default: '—',
    // Ollama accepts a bare host:port here.
    coerce: (v) => (/^[a-z]+:\/\//i.test(v) ? v : `http://${v}`) },
  { name: 'SLM_MODEL', path: 'slm.model', doc: 'model name', default: 'granite3.1-dense:8b' },
  { name: 'SLM_TEMPERATURE', path: 'slm.temperature', doc: 'sampling temperature, 0 to 2', default: '0.1' },
  { name: 'SLM_MAX_TOKENS', path: 'slm.maxTokens', doc: 'maximum tokens of an answer', default: '512' },
  { name: 'SLM_TIMEOUT', path: 'slm.timeoutMs', doc: 'timeout of one model call (aborted when exceeded)', default: '45s' },
  { name: 'SLM_RETRY_COUNT', path: 'slm.retryCount', doc: 'retries of a failed model call, with backoff', default: '1' },
  { name: 'SLM_BUDGET', path: 'slm.budgetMs', doc: "all model calls of one analysis (retries, repair, waiting); keep it inside the analyze Trigger's timeout", default: '100s' },
  { name: 'SLM_CONCURRENCY', path: 'slm.concurrency', doc: 'model calls at once per process; more wait their turn (within the budget)', default: '2' },
  { name: 'SLM_API_KEY', path: 'slm.apiKey', doc: 'Bearer key for an OpenAI-compatible server (secret)', default: '—' },
  { name: 'SLM_CACHE_TTL', path: 'slm.cacheTtlMs', doc: 'how long an answer is reused for an identical prompt, model and context', default: '5m' },
  { name: 'ANALYZE_DEDUP_WINDOW', path: 'analyze.dedupWindowMs', doc: 'alerts of one problem within this window are one incident: one analysis', default: '30m' },
  { name: 'ANALYZE_CLAIM_LEASE', path: 'analyze.claimLeaseMs', doc: "a crashed analysis is taken over after this (longer than SLM_BUDGET, shorter than the broker's retries)", default: '3m' },
  { name: 'KUBECONFIG', path: 'kube.kubeconfig', doc: 'kubeconfig file of the cluster to act on (~/.kube/config is used only with KUBE_CONTEXT; in a pod, its ServiceAccount)', default: '— (no cluster)' },
  { name: 'KUBE_CONTEXT', path: 'kube.context', doc: 'kubeconfig context to use', default: '— (current)' },
  { name: 'KUBE_TIMEOUT', path: 'kube.timeoutMs', doc: 'timeout of one Kubernetes API call', default: '10s' },
  { name: 'KUBE_MCP_URL', path: 'kube.mcpUrl', doc: "a Kubernetes MCP server's streamable HTTP endpoint (…/mcp) analyze reads through first; writes never go through it", default: '— (direct reads)' },
  { name: 'KUBE_MCP_TOKEN_FILE', path: 'kube.mcpTokenFile', doc: 'file holding the Bearer token sent to KUBE_MCP_URL (re-read every minute)', default: '—' },
  { name: 'KUBERNETES_SERVICE_HOST', path: 'kube.serviceHost', doc: 'set by Kubernetes in a pod: use the in-cluster ServiceAccount', default: '—' },
  { name: 'POLICY_FILE', path: 'policy', doc: "YAML file with the safety policy alone (a ConfigMap's key); see the README's policy section", default: '— (safe defaults)', file: true, coerce: (text) => parseYaml(text) as unknown },
  { name: 'NOTIFY_WEBHOOK_URL', path: 'notify.webhookUrl', doc: 'generic JSON webhook for notifications and approval requests (secret)', default: '—' },
  { name: 'NOTIFY_SLACK_WEBHOOK_URL', path: 'notify.slackWebhookUrl', doc: 'Slack incoming-webhook URL (secret)', default: '—' },
  { name: 'NOTIFY_TIMEOUT', path: 'notify.timeoutMs', doc: 'timeout of one notification', default: '5s' },
  { name: 'DRY_RUN', path: 'dryRun', doc: 'decide and record, never change the cluster; changes need DRY_RUN=false and a named cluster', default: 'true' },
  { name: 'DATABASE_URL', path: 'database.url', doc: 'Postgres URL (secret); unset: embedded PGlite under DATA_DIR', default: '—' },
  { name: 'DATABASE_DRIVER', path: 'database.driver', doc: 'auto, pg, neon or pglite', default: 'auto' },
  { name: 'DATABASE_WS_PROXY', path: 'database.wsProxy', doc: 'Neon driver against a plain Postgres: its WebSocket proxy, host:port/path', default: '—' },
  { name: 'ASSESS_STABILIZATION_WINDOW', path: 'assess.stabilizationMs', doc: "wait this long after an action before judging it (never shorter than the alert rule's for:)", default: '5m' },
  { name: 'ASSESS_VALIDITY_WINDOW', path: 'assess.validityMs', doc: 'give up judging an action after this long (inconclusive); also the no-action baseline window', default: '30m' },
  { name: 'ALERTMANAGER_URL', path: 'assess.alertmanagerUrl', doc: "confirm resolutions against Alertmanager's /api/v2/alerts", default: '—' },
  { name: 'PROMETHEUS_URL', path: 'assess.prometheusUrl', doc: "read alert rules' for: (else the alert's generatorURL server is asked)", default: '—' },
  { name: 'ASSESS_EXPLAIN', path: 'assess.explainWith', doc: "who writes each assessment's paragraph: template, or model (checked against the facts, the template as fallback)", default: 'template' },
  { name: 'ASSESS_TICK_INTERVAL', path: 'assess.tickIntervalMs', doc: 'make run: how often the local tick runs while an assessment is pending (on a cluster, the PingSource: every minute)', default: '1m' },
  { name: 'EVENT_AUTH_AUDIENCE', path: 'eventAuth.audience', doc: "this function's audience: a delivery's OIDC token is checked when present (Knative's authentication-oidc)", default: '— (no check)' },
  { name: 'EVENT_AUTH_REQUIRED', path: 'eventAuth.required', doc: 'refuse (401) a delivery without an OIDC token', default: 'false' },
  { name: 'EVENT_AUTH_ISSUER', path: 'eventAuth.issuer', doc: "the tokens' issuer (the cluster's ServiceAccount issuer)", default: 'https://kubernetes.default.svc.cluster.local' },
  { name: 'EVENT_AUTH_JWKS_URL', path: 'eventAuth.jwksUrl', doc: "the issuer's keys", default: 'https://kubernetes.default.svc/openid/v1/jwks' },
  { name: 'EVENT_AUTH_JWKS_FILE', path: 'eventAuth.jwksFile', doc: "the issuer's keys from a file (e.g. a ConfigMap), instead of the URL", default: '—' },
  { name: 'EVENT_AUTH_JWKS_TOKEN_FILE', path: 'eventAuth.jwksTokenFile', doc: 'bearer token file for the keys request (the pod\'s ServiceAccount token)', default: '—' },
  { name: 'EVENT_AUTH_SENDERS', path: 'eventAuth.senders', doc: 'allowed senders, exact or ending in * (e.g. system:serviceaccount:alerts-slm:*)', default: '—' },
  { name: 'DEAD_LETTER_REDRIVES', path: 'deadLetter.maxRedrives', doc: "how often a dead letter whose failure may pass is sent back through the broker (each: another round of the Trigger's retries)", default: '3' },
  { name: 'RETENTION_PROCESSED_EVENTS', path: 'retention.processedEventsMs', doc: 'keep exactly-once records this long (longer than any redelivery)', default: '7d' },
  { name: 'RETENTION_EVENT_LOG', path: 'retention.eventLogMs', doc: 'keep the event log this long', default: '30d' },
  { name: 'RETENTION_ALERTS', path: 'retention.alertsMs', doc: 'keep resolved alerts this long', default: '30d' },
  { name: 'RETENTION_DEAD_LETTERS', path: 'retention.deadLettersMs', doc: 'keep dead letters and refused events this long', default: '30d' },
  { name: 'RETENTION_HISTORY', path: 'retention.historyMs', doc: 'keep closed incidents with their recommendations, actions and assessments this long', default: '365d' },
  { name: 'MCP_AUTH_TOKEN', path: 'mcp.authToken', doc: 'Bearer token an MCP client must send to the action-history server over HTTP (secret)', default: '— (required by the mcp Service)' },
  { name: 'MCP_AUTH_TOKEN_FILE', path: 'mcp.authToken', doc: 'file holding that token, e.g. a mounted Secret', default: '—', file: true },
  { name: 'MCP_ALLOW_APPROVE', path: 'mcp.allowApprove', doc: 'offer the approve_action tool (a write: records the approval, wakes execute through BROKER_URL)', default: 'false' },
  { name: 'DATA_DIR', path: 'database.dataDir', doc: 'where make run keeps its embedded database and dead letters', default: '.data' },
];
