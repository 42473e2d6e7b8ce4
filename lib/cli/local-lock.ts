import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who holds the embedded database: the local runner's pid and where it runs commands for other processes. */
export interface LocalLock {
  pid: number;
  adminUrl: string | null;
}

/** A held lock: say where commands go once the runner listens, and let go of it. */
export interface HeldLock {
  advertise(adminUrl: string): void;
  release(): void;
}

/** Another live process holds the data directory: start-up must stop with this message. */
export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
}

// PGlite cannot share its data directory between processes (the second one does not see the first one's
// writes, and overwrites them): one local runner per directory, and while it runs, other commands run inside it.
const file = (dataDir: string) => join(dataDir, 'runner.lock');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const read = (dataDir: string): LocalLock | null => {
  try {
    return JSON.parse(readFileSync(file(dataDir), 'utf8')) as LocalLock;
  } catch {
    return null;
  }
};

/**
 * Takes the data directory for this process, before the database is opened: the lock file is created exclusively
 * (O_EXCL), so of two runners starting together exactly one gets it; a lock whose process is gone is taken over.
 * Throws LockHeldError naming the holder when another live process has it.
 */
export const holdLocalLock = (dataDir: string): HeldLock => {
  mkdirSync(dataDir, { recursive: true });
  const path = file(dataDir);
  const write = (lock: LocalLock, flag: 'wx' | 'w') => writeFileSync(path, JSON.stringify(lock), { mode: 0o600, flag });
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      write({ pid: process.pid, adminUrl: null }, 'wx');
      return {
        advertise: (adminUrl) => write({ pid: process.pid, adminUrl }, 'w'),
        release: () => (read(dataDir)?.pid === process.pid ? rmSync(path, { force: true }) : undefined),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = read(dataDir);
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        throw new LockHeldError(
          `${dataDir} is in use by another alerts-slm run (pid ${holder.pid}); stop it first, or give this one its own DATA_DIR`,
        );
      }
      // Unreadable: maybe half-written by a runner starting right now, so look again before calling it garbage.
      if (!holder && attempt < 2) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
      // Left behind by a process that is gone.
      rmSync(path, { force: true });
    }
  }
  throw new LockHeldError(`${dataDir}: could not take its lock (another alerts-slm run is starting?)`);
};

/** The live holder of the embedded database (not this process), or null (no lock, or its process is gone). */
export const liveLocalLock = (dataDir: string): LocalLock | null => {
  const lock = read(dataDir);
  return lock && lock.pid !== process.pid && alive(lock.pid) ? lock : null;
};
