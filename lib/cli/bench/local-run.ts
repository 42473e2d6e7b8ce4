import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPgDriver } from '../../store/pg-driver.ts';
import { createPgliteDriver } from '../../store/pglite-driver.ts';
import type { SqlDriver } from '../../store/sql.ts';
import { GC_ON_SIGNAL, heapAfterGc } from './gc-signal.ts';
import { freePort, stop } from './processes.ts';
import { MiB, residentMiB } from './rss.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

/** A `make run` (dist/cli.js run) on a fresh database: PGlite in a temporary DATA_DIR, or a new database on a server. */
export interface BenchRun {
  readonly child: ChildProcess;
  readonly webhookUrl: string;
  /** Sum of function_invocations_total by function, from the runner's /metrics. */
  invocations(): Promise<Record<string, number>>;
  /** The process's resident set (VmRSS) in MiB now, and its heap in use in MiB after a full collection. */
  memory(): Promise<{ rssMiB: number; heapMiB: number }>;
  /** Stops the runner and opens its database (PGlite can be opened only once the runner let go of it). */
  stopAndOpen(): Promise<SqlDriver>;
  /** Stops the runner if it still runs, closes the database, drops it (pg) and removes the temporary directory; call it in a finally. */
  discard(): Promise<void>;
}

const TOKEN = 'bench';

/**
 * Starts the local runner, rules analyzer, no cluster (every change is a dry run), on PGlite or on `url`'s server;
 * `env` adds to or overrides the runner's environment.
 */
export const startRun = async (entry: string, url: string | undefined, env: Record<string, string> = {}): Promise<BenchRun> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-bench-'));
  let scratch: ScratchDatabase | null = null;
  let child: ChildProcess | null = null;
  let opened: SqlDriver | null = null;
  const discard = async () => {
    if (child) await stop(child);
    await opened?.close();
    opened = null;
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (url) scratch = await createScratchDatabase(url);
    const dbUrl = scratch?.url;
    const port = await freePort();
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      DATA_DIR: dataDir,
      WEBHOOK_PORT: String(port),
      WEBHOOK_HOST: '127.0.0.1',
      WEBHOOK_AUTH_TOKEN: TOKEN,
      SLM_PROVIDER: 'none',
      LOG_LEVEL: 'error',
    };
    // No cluster: targets come from labels and every change is a dry run.
    for (const name of ['KUBECONFIG', 'KUBE_CONTEXT', 'KUBERNETES_SERVICE_HOST', 'DATABASE_URL', 'CONFIG_FILE', 'NODE_OPTIONS'])
      delete childEnv[name];
    if (dbUrl) childEnv.DATABASE_URL = dbUrl;
    const started = spawn(process.execPath, [...GC_ON_SIGNAL, join(dirname(entry), 'cli.js'), 'run'], {
      env: { ...childEnv, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    let stderr = '';
    const collect = (d: Buffer) => (stderr += d.toString());
    started.stderr?.on('data', collect);
    const since = performance.now();
    while (!stderr.includes('alerts-slm is running')) {
      if (started.exitCode !== null || performance.now() - since > 60_000) throw new Error(`the local runner did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    started.stderr?.off('data', collect);
    started.stderr?.resume();
    const base = `http://127.0.0.1:${port}`;
    return {
      child: started,
      webhookUrl: `${base}/`,
      async invocations() {
        const text = await (await fetch(`${base}/metrics`)).text();
        const counts: Record<string, number> = {};
        for (const m of text.matchAll(/^function_invocations_total\{function="([^"]+)"[^}]*\} (\d+)/gm))
          counts[m[1] as string] = (counts[m[1] as string] ?? 0) + Number(m[2]);
        return counts;
      },
      async memory() {
        const heap = await heapAfterGc(started);
        return { rssMiB: residentMiB(started).rss, heapMiB: heap / MiB };
      },
      async stopAndOpen() {
        await stop(started);
        opened = dbUrl ? createPgDriver({ url: dbUrl, max: 2 }) : await createPgliteDriver({ dataDir: join(dataDir, 'pgdata') });
        return opened;
      },
      discard,
    };
  } catch (error) {
    child?.kill('SIGKILL');
    await discard();
    throw error;
  }
};
