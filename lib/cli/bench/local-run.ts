import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPgDriver } from '../../store/pg-driver.ts';
import { createPgliteDriver } from '../../store/pglite-driver.ts';
import type { SqlDriver } from '../../store/sql.ts';
import { freePort, stop } from './processes.ts';

// Lets the bench ask a child for a full garbage collection (SIGUSR2) before reading its RSS; the product is unchanged.
export const GC_ON_SIGNAL = ['--expose-gc', '--import', 'data:text/javascript,process.on("SIGUSR2",()=>globalThis.gc())'];

/** A `make run` (dist/cli.js run) on a fresh database: PGlite in a temporary DATA_DIR, or a new database on a server. */
export interface BenchRun {
  readonly child: ChildProcess;
  readonly webhookUrl: string;
  /** Sum of function_invocations_total by function, from the runner's /metrics. */
  invocations(): Promise<Record<string, number>>;
  /** The process's resident set (VmRSS) in MiB, after a full collection when `gc`. */
  rssMiB(gc?: boolean): Promise<number>;
  /** Stops the runner and opens its database (PGlite can be opened only once the runner let go of it). */
  stopAndOpen(): Promise<{ driver: SqlDriver; done(): Promise<void> }>;
}

const TOKEN = 'bench';

/** Starts the local runner, rules analyzer, no cluster (every change is a dry run), on PGlite or on `url`'s server. */
export const startRun = async (entry: string, url: string | undefined): Promise<BenchRun> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-bench-'));
  const database = url ? `bench_${randomBytes(4).toString('hex')}` : null;
  const admin = url ? createPgDriver({ url, max: 1 }) : null;
  if (admin) await admin.query(`CREATE DATABASE ${database}`);
  const dbUrl = url && database ? Object.assign(new URL(url), { pathname: `/${database}` }).href : undefined;
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    WEBHOOK_PORT: String(port),
    WEBHOOK_HOST: '127.0.0.1',
    WEBHOOK_AUTH_TOKEN: TOKEN,
    SLM_PROVIDER: 'none',
    LOG_LEVEL: 'error',
  };
  // No cluster: targets come from labels and every change is a dry run.
  for (const name of ['KUBECONFIG', 'KUBE_CONTEXT', 'KUBERNETES_SERVICE_HOST', 'DATABASE_URL', 'CONFIG_FILE']) delete env[name];
  if (dbUrl) env.DATABASE_URL = dbUrl;
  const child = spawn(process.execPath, [...GC_ON_SIGNAL, join(dirname(entry), 'cli.js'), 'run'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = performance.now();
  while (!stderr.includes('alerts-slm is running')) {
    if (child.exitCode !== null || performance.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`the local runner did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const base = `http://127.0.0.1:${port}`;
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
  return {
    child,
    webhookUrl: `${base}/`,
    async invocations() {
      const text = await (await fetch(`${base}/metrics`)).text();
      const counts: Record<string, number> = {};
      for (const m of text.matchAll(/^function_invocations_total\{function="([^"]+)"[^}]*\} (\d+)/gm))
        counts[m[1] as string] = (counts[m[1] as string] ?? 0) + Number(m[2]);
      return counts;
    },
    async rssMiB(gc = false) {
      if (gc) {
        child.kill('SIGUSR2');
        await new Promise((r) => setTimeout(r, 300));
      }
      return rss();
    },
    async stopAndOpen() {
      await stop(child);
      const driver = dbUrl ? createPgDriver({ url: dbUrl, max: 2 }) : await createPgliteDriver({ dataDir: join(dataDir, 'pgdata') });
      return {
        driver,
        async done() {
          await driver.close();
          if (admin) {
            await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
            await admin.close();
          }
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
};

/** Posts one Alertmanager webhook carrying `alerts` to the runner; resolves when ingest answered 202. */
export const postAlerts = async (url: string, alerts: readonly Record<string, unknown>[]): Promise<void> => {
  const body = {
    version: '4',
    groupKey: 'bench',
    status: 'firing',
    receiver: 'bench',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.bench',
    alerts,
  };
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  await r.arrayBuffer();
  if (r.status !== 202) throw new Error(`ingest answered ${r.status}`);
};

/** A firing crash-loop alert for pod `pod` in `namespace`, with its own fingerprint. */
export const crashLoop = (namespace: string, pod: string, fingerprint: string): Record<string, unknown> => ({
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', namespace, pod, severity: 'warning' },
  annotations: { summary: 'bench' },
  startsAt: new Date().toISOString(),
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint,
});

/** Waits until every function's invocation count stayed still for `quietMs` with `done` true; resolves with when they last moved. */
export const drained = async (
  run: BenchRun,
  done: (counts: Record<string, number>) => boolean,
  quietMs = 600,
  timeoutMs = 120_000,
): Promise<number> => {
  const started = performance.now();
  let last = '';
  let movedAt = performance.now();
  for (;;) {
    const counts = await run.invocations();
    const key = JSON.stringify(counts);
    if (key !== last) [last, movedAt] = [key, performance.now()];
    if (done(counts) && performance.now() - movedAt >= quietMs) return movedAt;
    if (performance.now() - started > timeoutMs) throw new Error(`the pipeline did not drain within ${timeoutMs} ms: ${key}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
