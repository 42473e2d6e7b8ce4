import type { ChildProcess } from 'node:child_process';

const HOOK = 'process.on("SIGUSR2",()=>{globalThis.gc();process.stderr.write("bench-heap "+process.memoryUsage().heapUsed+"\\n")})';

/**
 * Node flags that let the bench ask a child it spawned for a full garbage collection (SIGUSR2), after which the child
 * writes `bench-heap <bytes>` to stderr. The handler exists only in children started with these flags: the product
 * itself installs nothing.
 */
export const GC_ON_SIGNAL = ['--expose-gc', '--import', `data:text/javascript,${encodeURIComponent(HOOK)}`];

/** Sends the signal and resolves with the heap in use after the collection, read from the child's stderr. */
export const heapAfterGc = (child: ChildProcess, timeoutMs = 10_000): Promise<number> =>
  new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`no bench-heap line within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const bytes = /bench-heap (\d+)\n/.exec(seen)?.[1];
      if (bytes !== undefined) finish(null, Number(bytes));
    };
    const finish = (error: Error | null, bytes = 0) => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      if (error) reject(error);
      else resolve(bytes);
    };
    child.stderr?.on('data', onData);
    child.kill('SIGUSR2');
  });
