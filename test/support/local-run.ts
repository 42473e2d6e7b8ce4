import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built command line (make test builds dist/ first). */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** `make run` (`node dist/cli.js run`) with `env`, once its banner says it is running. */
export const startRun = async (env: Record<string, string>) => {
  const child = spawn(process.execPath, [CLI, 'run'], {
    env: { ...process.env, SLM_PROVIDER: 'none', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // The embedded database takes seconds to create on a busy machine.
  for (let i = 0; !stderr.includes('alerts-slm is running'); i++) {
    if (child.exitCode !== null || i > 1200) {
      // Never leave it running: a test that gives up must not keep ava waiting on a live child.
      child.kill('SIGKILL');
      throw new Error(`run did not start (exit ${child.exitCode}): ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, stderr: () => stderr };
};
