import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's resident memory in bytes: now, and the most it has held since it started (Linux's VmHWM). */
export interface Resident {
  rss: number;
  peak: number;
}

const field = (status: string, name: string): number => {
  const kib = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (kib === undefined) throw new Error(`/proc status has no ${name}`);
  return Number(kib) * 1024;
};

/** The resident memory of process `pid`, from /proc (Linux only; null elsewhere or once it has exited). */
export const residentOf = (pid: number): Resident | null => {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  return { rss: field(status, 'VmRSS'), peak: field(status, 'VmHWM') };
};

/** Bytes in a mebibyte: the bench reports memory in MiB. */
export const MiB = 1024 ** 2;

/** A child's resident memory in MiB, now and at its peak; NaN for both once it has exited (or off Linux). */
export const residentMiB = (child: ChildProcess): Resident => {
  const resident = residentOf(child.pid ?? 0);
  return { rss: (resident?.rss ?? Number.NaN) / MiB, peak: (resident?.peak ?? Number.NaN) / MiB };
};
