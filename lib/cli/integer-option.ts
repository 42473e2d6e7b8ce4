import { UsageError } from './command.ts';

/** A command-line option that must be a positive integer (`--limit 20`); UsageError naming the flag otherwise. */
export const positiveIntegerOption = (flag: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer`);
  return n;
};
