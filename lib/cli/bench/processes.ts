import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `node args` and resolves with the ms from spawn to the first 200 on `readyUrl`; stderr is the bench's unless `pipeStderr`. */
export const spawnUntilReady = async (
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  timeoutMs = 15_000,
  pipeStderr = false,
): Promise<{ child: ChildProcess; ms: number }> => {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', pipeStderr ? 'pipe' : 'inherit'],
  });
  child.stderr?.resume();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(readyUrl).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill();
  throw new Error(`${args.join(' ')} was not ready after ${timeoutMs} ms`);
};

/** Stops a child and waits for it to exit. */
export const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** A broker stand-in that accepts everything with 202 (the Knative ingress answer). */
export const startSink = async (): Promise<{ url: string; server: Server }> => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
};

/** A free loopback port. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};
