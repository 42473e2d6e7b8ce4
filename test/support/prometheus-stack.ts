import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  type AlertmanagerConfigFile,
  type AlertmanagerReceiver,
  loadReceiverExample,
  mergeReceiverExample,
  type WebhookConfig,
} from './alertmanager-example.ts';
import { freePort } from './free-port.ts';
import { onPath } from './on-path.ts';

// A real Prometheus and a real Alertmanager (the Debian packages' binaries) as child processes on loopback ports,
// configured for seconds instead of minutes: rules evaluated every second, alerts re-sent every second, groups
// flushed after 200 ms and then every second, no HA cluster (which would wait a minute for its peers to settle).
// What cannot be shortened: Prometheus hands discovered Alertmanagers to its notifier at most every 5 s, at start and
// again after every reload (a reload empties the notifier's list); alerts meanwhile are re-sent every second.

/** The Debian packages that provide the binaries (upstream names the Alertmanager binary `alertmanager`). */
const STACK_PACKAGES = ['prometheus', 'prometheus-alertmanager'] as const;

/** An alerting rule as Prometheus's rule files spell it. */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Where Alertmanager sends its webhook notifications, authenticated as the README tells users to. */
export interface WebhookReceiver {
  url: string;
  /** File holding the Bearer token (`http_config.authorization.credentials_file`). */
  credentialsFile: string;
}

/** A running Prometheus + Alertmanager. */
export interface PrometheusStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** Rewrites the rule file and has Prometheus reload it (POST /-/reload, `--web.enable-lifecycle`). */
  setRules(rules: readonly AlertRule[]): Promise<void>;
  /** The sum of a counter or gauge on Alertmanager's /metrics over the series whose labels include `labels`. */
  alertmanagerMetric(name: string, labels?: Record<string, string>): Promise<number>;
  /** The last lines both processes wrote, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

/** The two binaries, or why they cannot be used (PROMETHEUS_BIN / ALERTMANAGER_BIN override the PATH lookup). */
export const findStackBinaries = (): { prometheus: string; alertmanager: string } | { missing: string } => {
  const prometheus = process.env.PROMETHEUS_BIN ?? onPath(['prometheus']);
  const alertmanager = process.env.ALERTMANAGER_BIN ?? onPath(['prometheus-alertmanager', 'alertmanager']);
  if (prometheus && alertmanager) return { prometheus, alertmanager };
  const names = [prometheus ? null : 'prometheus', alertmanager ? null : 'prometheus-alertmanager (or alertmanager)']
    .filter(Boolean)
    .join(' and ');
  return {
    missing: `${names} not found on PATH: install the Debian packages (apt-get install ${STACK_PACKAGES.join(' ')}), as .ci/run does`,
  };
};

/** A child process whose output is kept (the last 200 lines) and that can be stopped politely, then not. */
const startProcess = (name: string, bin: string, args: string[]) => {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(`${name}: ${line}`);
    lines.splice(0, Math.max(0, lines.length - 200));
  };
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `${name} exited (${signal ?? `code ${code}`})`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `${name} could not start: ${error.message}`;
      resolve();
    });
  });
  return {
    lines,
    exited: () => exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
};
type Process = ReturnType<typeof startProcess>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until true; fails early when the process died, with its output. */
const waitFor = async (proc: Process, what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const died = proc.exited();
    if (died) throw new Error(`${died} while waiting for ${what}:\n${proc.lines.join('\n')}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms:\n${proc.lines.join('\n')}`);
    await sleep(100);
  }
};

/** Polls `GET url` until 200. */
const waitReady = (proc: Process, url: string) =>
  waitFor(proc, `200 from ${url}`, async () => (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok);

// A user's configuration with a root receiver of its own ('default', no integration: Alertmanager still routes to it
// and lists it among an alert's receivers), merged with the README's example as the example says, the example's
// webhook pointed at `receiver`.
const alertmanagerConfig = (receiver: WebhookReceiver) => {
  const user: AlertmanagerConfigFile = {
    route: { receiver: 'default', group_by: ['alertname', 'namespace'], group_wait: '200ms', group_interval: '1s', repeat_interval: '1h' },
    receivers: [{ name: 'default' }],
  };
  const merged = mergeReceiverExample(user, loadReceiverExample());
  const local = (hook: WebhookConfig): WebhookConfig => ({
    ...hook,
    url: receiver.url,
    http_config: { authorization: { type: 'Bearer', credentials_file: receiver.credentialsFile } },
  });
  const ours = (r: AlertmanagerReceiver) => (r.name === 'alerts-slm' ? { ...r, webhook_configs: (r.webhook_configs ?? []).map(local) } : r);
  return { ...merged, receivers: merged.receivers.map(ours) };
};

const prometheusConfig = (alertmanagerPort: number, ruleFile: string) => ({
  global: { evaluation_interval: '1s', scrape_interval: '15s' },
  rule_files: [ruleFile],
  alerting: { alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
});

const ruleFileText = (rules: readonly AlertRule[]) => stringify({ groups: [{ name: 'alerts-slm-e2e', interval: '1s', rules }] });

// One sample line of the text exposition format: name{labels} value.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelsOf = (text: string | undefined): Record<string, string> =>
  Object.fromEntries([...(text ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));

/** The URLs a stack on these ports will answer on. */
export const stackUrls = (ports: { prometheus: number; alertmanager: number }) => ({
  prometheusUrl: `http://127.0.0.1:${ports.prometheus}`,
  alertmanagerUrl: `http://127.0.0.1:${ports.alertmanager}`,
});

/**
 * Starts Alertmanager (sending to `receiver`), then Prometheus (evaluating `rules`, alerting that Alertmanager),
 * each on a free loopback port with its own temporary configuration and storage, and waits until both are ready.
 */
export const startPrometheusStack = async (options: {
  receiver: WebhookReceiver;
  rules: readonly AlertRule[];
  binaries: { prometheus: string; alertmanager: string };
  /** Ports chosen beforehand (so a configuration can name the URLs before the processes start); free ones otherwise. */
  ports?: { prometheus: number; alertmanager: number };
}): Promise<PrometheusStack> => {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-stack-'));
  const started: Process[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const amPort = options.ports?.alertmanager ?? (await freePort());
    const promPort = options.ports?.prometheus ?? (await freePort());
    const amConfig = join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, stringify(alertmanagerConfig(options.receiver)));
    const alertmanager = startProcess('alertmanager', options.binaries.alertmanager, [
      `--config.file=${amConfig}`,
      `--storage.path=${join(dir, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ]);
    started.push(alertmanager);
    const { alertmanagerUrl, prometheusUrl } = stackUrls({ prometheus: promPort, alertmanager: amPort });
    await waitReady(alertmanager, `${alertmanagerUrl}/-/ready`);

    const ruleFile = join(dir, 'rules.yml');
    writeFileSync(ruleFile, ruleFileText(options.rules));
    const promConfig = join(dir, 'prometheus.yml');
    writeFileSync(promConfig, stringify(prometheusConfig(amPort, ruleFile)));
    const prometheus = startProcess('prometheus', options.binaries.prometheus, [
      `--config.file=${promConfig}`,
      `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--web.enable-lifecycle',
      // Alerts are re-sent every second (default 1m): one dropped before Alertmanager was discovered is sent again at once.
      '--rules.alert.resend-delay=1s',
    ]);
    started.push(prometheus);
    await waitReady(prometheus, `${prometheusUrl}/-/ready`);
    // Prometheus's discovery hands targets to its notifier at most every 5 s (not configurable): until then an alert
    // has nowhere to go. Ready means it knows its Alertmanager.
    await waitFor(prometheus, 'Prometheus to discover its Alertmanager', async () => {
      const r = await fetch(`${prometheusUrl}/api/v1/alertmanagers`, { signal: AbortSignal.timeout(1000) });
      const body = (await r.json()) as { data?: { activeAlertmanagers?: unknown[] } };
      return (body.data?.activeAlertmanagers?.length ?? 0) > 0;
    });

    return {
      prometheusUrl,
      alertmanagerUrl,
      async setRules(rules) {
        writeFileSync(ruleFile, ruleFileText(rules));
        const r = await fetch(`${prometheusUrl}/-/reload`, { method: 'POST' });
        if (!r.ok) throw new Error(`Prometheus reload answered ${r.status}: ${await r.text()}\n${prometheus.lines.join('\n')}`);
      },
      async alertmanagerMetric(name, labels = {}) {
        const text = await (await fetch(`${alertmanagerUrl}/metrics`)).text();
        let sum = 0;
        for (const line of text.split('\n')) {
          const m = SAMPLE.exec(line);
          if (!m || m[1] !== name) continue;
          const have = labelsOf(m[2]);
          if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
        }
        return sum;
      },
      logs: () => [...alertmanager.lines.slice(-40), ...prometheus.lines.slice(-40)].join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
