import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who holds the embedded database: the local runner's pid and where it runs commands for other processes. */
export interface LocalLock {
  pid: number;
  adminUrl: string;
}

// PGlite cannot share its data directory between processes (the second one does not see the first one's
// writes, and could overwrite them): while `make run` holds it, other commands run inside that process.
const file = (dataDir: string) => join(dataDir, 'runner.lock');

/** Marks the embedded database as held by this process. */
export const holdLocalLock = (dataDir: string, adminUrl: string): (() => void) => {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file(dataDir), JSON.stringify({ pid: process.pid, adminUrl } satisfies LocalLock), { mode: 0o600 });
  return () => rmSync(file(dataDir), { force: true });
};

/** The live holder of the embedded database, or null (no lock, or its process is gone). */
export const liveLocalLock = (dataDir: string): LocalLock | null => {
  try {
    const lock = JSON.parse(readFileSync(file(dataDir), 'utf8')) as LocalLock;
    process.kill(lock.pid, 0);
    return lock.pid === process.pid ? null : lock;
  } catch {
    return null;
  }
};
